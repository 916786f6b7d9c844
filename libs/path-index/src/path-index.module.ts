import { Global, Module } from '@nestjs/common';
import { PATH_INDEX } from '#libs/paths';
import { PathIndexRepository } from './path-index.repository.js';
import { PathIndexService } from './path-index.service.js';

/** Imported by the API: every replica holds its own index. Processes without it (the worker) read paths from Neo4j. */
@Global()
@Module({
  providers: [PathIndexRepository, PathIndexService, { provide: PATH_INDEX, useExisting: PathIndexService }],
  exports: [PathIndexService, PATH_INDEX],
})
export class PathIndexModule {}
