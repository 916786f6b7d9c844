export * from './coaching.types.js';
export * from './coaching.service.js';
export * from './coaching.module.js';
