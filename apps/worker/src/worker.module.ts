import { Module } from '@nestjs/common';
import { ConfigModule } from '#libs/config';
import { GraphModule } from '#libs/graph';
import { QueueModule } from '#libs/queue';
import { SystemProcessor } from './system.processor.js';
import { WorkerService } from './worker.service.js';

@Module({
  imports: [ConfigModule, GraphModule, QueueModule],
  providers: [SystemProcessor, WorkerService],
})
export class WorkerModule {}
