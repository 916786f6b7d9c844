import { Module } from '@nestjs/common';
import { NetworkModule } from '#libs/network';
import { NotifyModule } from '#libs/notify';
import { PathsModule } from '#libs/paths';
import { CoachAssignmentRepository } from './coach-assignment.repository.js';
import { CoachAssignmentService } from './coach-assignment.service.js';
import { CoachDirectoryRepository } from './coach-directory.repository.js';
import { CoachDirectoryService } from './coach-directory.service.js';
import { CoachingRepository } from './coaching.repository.js';
import { CoachingService } from './coaching.service.js';

@Module({
  imports: [NetworkModule, PathsModule, NotifyModule],
  providers: [CoachingRepository, CoachingService, CoachAssignmentRepository, CoachAssignmentService, CoachDirectoryRepository, CoachDirectoryService],
  exports: [CoachingService, CoachAssignmentService, CoachDirectoryService],
})
export class CoachingModule {}
