import { mkdir, open, rename, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { NotificationTransport, OutgoingMessage } from './notification.transport.js';

/**
 * Development transport: each message is a file `<id>.eml` in OUTBOX_DIR that anyone can open.
 * Written to a temporary name and renamed, and skipped when the file exists, so a job replayed
 * after a crash leaves exactly one copy.
 */
export class OutboxTransport implements NotificationTransport {
  readonly dir: string;

  constructor(dir: string, private readonly from: string) {
    this.dir = resolve(dir);
  }

  async send(message: OutgoingMessage): Promise<'sent' | 'duplicate' | 'no-address'> {
    await mkdir(this.dir, { recursive: true });
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
    await writeFile(tmp, body, 'utf8');
    const handle = await open(tmp, 'r');
    await handle.sync();
    await handle.close();
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
