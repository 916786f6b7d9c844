export * from './domain-error.js';
export * from './global-id.js';
export * from './cursor.js';
export * from './text.js';
export * from './json.logger.js';
export * from './timeout.js';
