import { Module } from '@nestjs/common';
import { NetworkModule } from '#libs/network';
import { PathHandles } from './path-handle.js';
import { PathsRepository } from './paths.repository.js';
import { PathsService } from './paths.service.js';
import { WorkTargetsRepository } from './work-targets.repository.js';

@Module({
  imports: [NetworkModule],
  providers: [PathsRepository, PathsService, PathHandles, WorkTargetsRepository],
  exports: [PathsService, PathHandles],
})
export class PathsModule {}
