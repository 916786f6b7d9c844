export * from './half-edges.js';
export * from './path-graph.js';
export * from './path-index.repository.js';
export * from './path-index.service.js';
export * from './path-index.module.js';
export * from './path-log.relay.js';
export * from './path-change.publisher.js';
export * from './role-table.js';
