import { Module } from '@nestjs/common';
import { ConfigModule } from '#libs/config';
import { GraphModule } from '#libs/graph';
import { IntroductionsModule } from '#libs/introductions';
import { QueueModule } from '#libs/queue';
import { IntroductionsProcessor } from './introductions.processor.js';
import { SystemProcessor } from './system.processor.js';
import { WorkerService } from './worker.service.js';

@Module({
  imports: [ConfigModule, GraphModule, QueueModule, IntroductionsModule],
  providers: [SystemProcessor, IntroductionsProcessor, WorkerService],
})
export class WorkerModule {}
