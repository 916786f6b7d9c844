export * from './import.types.js';
export * from './parsers.js';
export * from './prepare.js';
export * from './imports.service.js';
export * from './import.runner.js';
export * from './imports.module.js';
