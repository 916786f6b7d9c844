import { Module } from '@nestjs/common';
import { NetworkModule } from '#libs/network';
import { NotifyModule } from '#libs/notify';
import { PathsModule } from '#libs/paths';
import { CoachingRepository } from './coaching.repository.js';
import { CoachingService } from './coaching.service.js';

@Module({
  imports: [NetworkModule, PathsModule, NotifyModule],
  providers: [CoachingRepository, CoachingService],
  exports: [CoachingService],
})
export class CoachingModule {}
