import { Module } from '@nestjs/common';
import { ConfigModule } from '#libs/config';
import { GraphModule } from '#libs/graph';
import { ImportsModule } from '#libs/imports';
import { IntroductionsModule } from '#libs/introductions';
import { QueueModule } from '#libs/queue';
import { ImportsProcessor } from './imports.processor.js';
import { IntroductionsProcessor } from './introductions.processor.js';
import { SystemProcessor } from './system.processor.js';
import { WorkerService } from './worker.service.js';

@Module({
  imports: [ConfigModule, GraphModule, QueueModule, IntroductionsModule, ImportsModule],
  providers: [SystemProcessor, IntroductionsProcessor, ImportsProcessor, WorkerService],
})
export class WorkerModule {}
