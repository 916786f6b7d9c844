export * from './neo4j.service.js';
export * from './neo4j-errors.js';
export * from './migrations.runner.js';
export * from './graph.module.js';
export * from './repo-paths.js';
export * from './path-changes.js';
