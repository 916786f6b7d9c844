export * from './network.types.js';
export * from './identity.normalise.js';
export * from './identity-keys.js';
export * from './occupation.matcher.js';
export * from './occupation.service.js';
export * from './account.service.js';
export * from './network.service.js';
export * from './network.module.js';
