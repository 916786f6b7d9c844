import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { testRun } from './test-env.js';

/** The development transport's messages (one .eml file each), with quoted-printable soft breaks undone. */
function messages(): string[] {
  const dir = testRun().outboxDir;
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .map((f) =>
      readFileSync(join(dir, f), 'utf8')
        .replace(/=\r?\n/g, '')
        .replace(/=3D/g, '='),
    );
}

/** The outbox messages whose text mentions `needle`. */
export function messagesAbout(needle: string): string[] {
  return messages().filter((text) => text.includes(needle));
}

/** The first outbox message to an address, or null. */
export function messageTo(email: string): string | null {
  return messagesAbout(`To: ${email}`)[0] ?? null;
}
