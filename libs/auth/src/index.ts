export * from './viewer.js';
export * from './jwt.verifier.js';
export * from './dev-token.js';
export * from './objection-links.js';
