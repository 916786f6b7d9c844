import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gql, type TestUser } from './api-client.js';
import { eventually, ok } from './intro-helpers.js';

export const IMPORT = `mutation($input: ImportContactsInput!) { importContacts(input: $input) { ${'id format status totalRows processedRows created linkedExisting skipped errorCount failure errors { row message } createdAt finishedAt'} } }`;
export const JOB = `query($id: ID!) { importJob(id: $id) { id format status totalRows processedRows created linkedExisting skipped errorCount failure errors { row message } finishedAt } }`;

/** A fixture with its placeholders filled so each test run imports people nobody else has. */
export function fixture(name: string, run: string): string {
  const digits = (n: number) =>
    String(parseInt(run.replace(/[^0-9a-f]/g, '').slice(0, 8) || '1', 16))
      .padStart(n, '0')
      .slice(-n);
  return readFileSync(join(process.cwd(), 'test', 'fixtures', 'imports', name), 'utf8')
    .replaceAll('{{RUN}}', run)
    .replaceAll('{{RUN3}}', digits(3))
    .replaceAll('{{RUN5}}', digits(5));
}

export async function importFile(user: TestUser, format: string, content: string, extra: Record<string, unknown> = {}) {
  return ok(await gql<{ importContacts: any }>(IMPORT, { input: { format, content, ...extra } }, user.token)).importContacts;
}

export async function finished(user: TestUser, id: string, ms = 30_000) {
  return eventually(
    async () => ok(await gql<{ importJob: any }>(JOB, { id }, user.token)).importJob,
    (job) => job?.status === 'COMPLETED' || job?.status === 'FAILED',
    ms,
  );
}

/** A LinkedIn export with `n` connections (a preamble, the real header, dates like 04 Mar 2024). */
export function linkedInExport(n: number, run: string, positions = ['Paramedic', 'Nurse', 'Teacher', 'Electrician', 'Plumber']): string {
  const lines = ['Notes:', '"Some email addresses are missing."', '', 'First Name,Last Name,URL,Email Address,Company,Position,Connected On'];
  for (let i = 0; i < n; i++) {
    lines.push(
      `Person${i},Run${run},https://www.linkedin.com/in/p${i}-${run},,"Company ${i % 50}, Ltd",${positions[i % positions.length]},0${1 + (i % 9)} Mar 2023`,
    );
  }
  return lines.join('\r\n');
}
