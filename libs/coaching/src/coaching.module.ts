import { Module } from '@nestjs/common';
import { NetworkModule } from '#libs/network';
import { PathsModule } from '#libs/paths';
import { CoachingRepository } from './coaching.repository.js';
import { CoachingService } from './coaching.service.js';

@Module({
  imports: [NetworkModule, PathsModule],
  providers: [CoachingRepository, CoachingService],
  exports: [CoachingService],
})
export class CoachingModule {}
