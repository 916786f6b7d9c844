export * from './privacy.service.js';
export * from './privacy.module.js';
