export * from './path-scoring.js';
export * from './path-search.js';
export * from './path-handle.js';
export * from './path-wording.js';
export * from './paths.types.js';
export * from './paths.service.js';
export * from './paths.module.js';
