export * from './notification.transport.js';
export * from './outbox.transport.js';
export * from './smtp.transport.js';
export * from './notify.module.js';
export * from './mail-words.js';
