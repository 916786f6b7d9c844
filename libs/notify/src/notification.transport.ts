/** One message. `id` is deterministic per decision, so a replayed job sends (or writes) it once. */
export interface OutgoingMessage {
  id: string;
  /** Null when no address is on record: the message is kept in the outbox, SMTP skips it. */
  to: string | null;
  subject: string;
  text: string;
}

export interface NotificationTransport {
  /** Resolves once the message is accepted for delivery; throws to have the job retried. */
  send(message: OutgoingMessage): Promise<'sent' | 'duplicate' | 'no-address'>;
}

export const NOTIFICATION_TRANSPORT = Symbol('NotificationTransport');
