import { Module } from '@nestjs/common';
import { ConfigModule } from '#libs/config';
import { GraphModule } from '#libs/graph';
import { CoachingModule } from '#libs/coaching';
import { ImportsModule } from '#libs/imports';
import { IntroductionsModule } from '#libs/introductions';
import { PathChangesModule } from '#libs/path-index';
import { QueueModule } from '#libs/queue';
import { CoachingProcessor } from './coaching.processor.js';
import { ImportsProcessor } from './imports.processor.js';
import { IntroductionsProcessor } from './introductions.processor.js';
import { SystemProcessor } from './system.processor.js';
import { WorkerService } from './worker.service.js';

@Module({
  imports: [ConfigModule, GraphModule, QueueModule, IntroductionsModule, ImportsModule, CoachingModule, PathChangesModule],
  providers: [SystemProcessor, IntroductionsProcessor, ImportsProcessor, CoachingProcessor, WorkerService],
})
export class WorkerModule {}
