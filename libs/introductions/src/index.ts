export * from './intro-state.js';
export * from './intro.types.js';
export * from './introductions.service.js';
export * from './intro-notifier.js';
export * from './introductions.module.js';
export * from './intro-mail.js';
export type { MessageContext, MessageStep } from './intro-people.repository.js';
export { IntroBrokersRepository } from './intro-brokers.repository.js';
export { IntroLineService } from './intro-line.service.js';
