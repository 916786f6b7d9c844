export type { AttendeeRow, EventView } from './events.repository.js';
export * from './events.service.js';
export * from './events.module.js';
