export * from './viewer.js';
export * from './jwt.verifier.js';
