import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { NotificationTransport, OutgoingMessage } from './notification.transport.js';

/**
 * Development transport: each message is a file `<id>.eml` in OUTBOX_DIR that anyone can open.
 * Written to a temporary name and renamed, and skipped when the file exists, so a job replayed
 * after a crash leaves exactly one copy.
 */
export class OutboxTransport implements NotificationTransport {
  readonly dir: string;

  constructor(
    dir: string,
    private readonly from: string,
  ) {
    this.dir = resolve(dir);
  }

  private ready: Promise<unknown> | null = null;

  async send(message: OutgoingMessage): Promise<'sent' | 'duplicate' | 'no-address'> {
    await (this.ready ??= mkdir(this.dir, { recursive: true }));
    const file = join(this.dir, `${message.id}.eml`);
    if (await exists(file)) return 'duplicate';
    const tmp = `${file}.${process.pid}.tmp`;
    const body = [
      `Message-ID: <${message.id}@backr.local>`,
      `Date: ${new Date().toUTCString()}`,
      `From: ${this.from}`,
      `To: ${message.to ?? '(no email address on record: pass this on by hand)'}`,
      `Subject: ${message.subject}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      message.text,
      '',
    ].join('\n');
    // No fsync: this is the development transport; the rename keeps a crash from leaving half a message.
    await writeFile(tmp, body, 'utf8');
    await rename(tmp, file);
    return message.to ? 'sent' : 'no-address';
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}
