export * from './queue.contracts.js';
export * from './queue.service.js';
export * from './queue.module.js';
export * from './redis.js';
export * from './job-outbox.js';
