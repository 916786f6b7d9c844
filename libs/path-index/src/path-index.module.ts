import { Global, Module } from '@nestjs/common';
import { PATH_INDEX } from '#libs/paths';
import { PathChangePublisher } from './path-change.publisher.js';
import { PathIndexRepository } from './path-index.repository.js';
import { PathIndexService } from './path-index.service.js';

/** For processes that write but hold no index (the worker): their changes are relayed and noted as their writers' own. */
@Module({ providers: [PathIndexRepository, PathChangePublisher], exports: [PathChangePublisher] })
export class PathChangesModule {}

/** Imported by the API: every replica holds its own index. Processes without it (the worker) read paths from Neo4j. */
@Global()
@Module({
  providers: [PathIndexRepository, PathChangePublisher, PathIndexService, { provide: PATH_INDEX, useExisting: PathIndexService }],
  exports: [PathIndexService, PATH_INDEX],
})
export class PathIndexModule {}
