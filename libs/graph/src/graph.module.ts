import { Global, Module } from '@nestjs/common';
import { MigrationsRunner } from './migrations.runner.js';
import { Neo4jService } from './neo4j.service.js';

@Global()
@Module({
  providers: [Neo4jService, MigrationsRunner],
  exports: [Neo4jService, MigrationsRunner],
})
export class GraphModule {}
