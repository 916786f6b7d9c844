#!/usr/bin/env node
// Imports a contacts file into the running demo (npm run demo) and draws its progress.
// Usage: npm run demo:import -- [FILE] [--format LINKEDIN_CSV|VCARD|GOOGLE_CSV] [--sub demo-member]
// Defaults: graph/demo/linkedin-connections.csv, format from the extension, as the demo member Alex.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { demoApi } from './demo-api.mjs';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { format: { type: 'string' }, sub: { type: 'string', default: 'demo-member' } } });
const file = positionals[0] ?? 'graph/demo/linkedin-connections.csv';
const format = values.format ?? (file.endsWith('.vcf') ? 'VCARD' : /google/i.test(file) ? 'GOOGLE_CSV' : 'LINKEDIN_CSV');
const API = await demoApi();
const token = execFileSync(process.execPath, ['dist/apps/api/src/token.js', '--sub', values.sub, '--roles', 'member'], { encoding: 'utf8' }).trim();
const FIELDS = 'id status totalRows processedRows created linkedExisting skipped errorCount failure errors { row message }';

async function gql(query, variables) {
  const res = await fetch(API, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  if (body.errors) throw new Error(body.errors.map((e) => `${e.extensions?.code}: ${e.message}`).join('\n'));
  return body.data;
}

console.log(`importContacts(format: ${format}) with ${file} as ${values.sub}`);
let job = (
  await gql(`mutation($input: ImportContactsInput!) { importContacts(input: $input) { ${FIELDS} } }`, {
    input: { format, content: readFileSync(file, 'utf8') },
  })
).importContacts;
console.log(`queued: job ${job.id} (watch it with importJob(id) or the importProgress subscription)`);
while (job.status === 'QUEUED' || job.status === 'RUNNING') {
  await new Promise((r) => setTimeout(r, 300));
  job = (await gql(`query($id: ID!) { importJob(id: $id) { ${FIELDS} } }`, { id: job.id })).importJob;
  const total = job.totalRows ?? 0;
  const width = 30;
  const filled = total ? Math.round((job.processedRows / total) * width) : 0;
  process.stdout.write(`\r${job.status.padEnd(9)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${job.processedRows}/${total || '?'}`);
}
console.log(`\n${job.status}: created ${job.created}, linked to people already known ${job.linkedExisting}, skipped ${job.skipped}`);
if (job.failure) console.log(`failure: ${job.failure}`);
for (const e of job.errors) console.log(`  row ${e.row}: ${e.message}`);
if (job.errorCount > job.errors.length) console.log(`  … and ${job.errorCount - job.errors.length} more`);
