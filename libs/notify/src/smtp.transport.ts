import nodemailer, { type Transporter } from 'nodemailer';
import type { NotificationTransport, OutgoingMessage } from './notification.transport.js';

/**
 * Production transport (nodemailer over SMTP_URL). SMTP cannot promise exactly once: the
 * Message-ID is stable per decision, so a message resent after a crash is recognisable as a
 * duplicate by mail clients.
 */
export class SmtpTransport implements NotificationTransport {
  private readonly transporter: Transporter;

  constructor(
    url: string,
    private readonly from: string,
  ) {
    this.transporter = nodemailer.createTransport(url);
  }

  async send(message: OutgoingMessage): Promise<'sent' | 'duplicate' | 'no-address'> {
    if (!message.to) return 'no-address';
    await this.transporter.sendMail({ from: this.from, to: message.to, subject: message.subject, text: message.text, messageId: `<${message.id}@backr>` });
    return 'sent';
  }

  close(): void {
    this.transporter.close();
  }
}
