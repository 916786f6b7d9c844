import { Module } from '@nestjs/common';
import { NetworkModule } from '#libs/network';
import { PathHandles } from './path-handle.js';
import { PathsRepository } from './paths.repository.js';
import { PathsService } from './paths.service.js';

@Module({
  imports: [NetworkModule],
  providers: [PathsRepository, PathsService, PathHandles],
  exports: [PathsService, PathHandles],
})
export class PathsModule {}
