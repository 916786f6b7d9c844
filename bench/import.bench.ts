import 'reflect-metadata';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { signDevToken } from '#libs/auth';
import { repoRoot } from '#libs/graph';
import { HEARTBEAT_KEY } from '#libs/queue';
import { BenchProcesses, openBenchGraph, freePort, graphql, round, scaleOf, waitForApi, writeResult } from './bench-support.js';

/**
 * A generated LinkedIn export imported for one member into the path-finder network (M: 100k
 * people), from importContacts to COMPLETED through the API and the worker; side by side, the
 * same rows written by a bare batched UNWIND … MERGE with the driver.
 */
const POSITIONS = [
  'Paramedic',
  'Staff nurse',
  'Software developer',
  'Teaching assistant',
  'Electrician',
  'Care worker',
  'Accountant',
  'Warehouse operative',
  'Chef',
  'Receptionist',
];

function exportOf(rows: number, tag: string): string {
  const lines = [
    'Notes:',
    '"When exporting your connection data, you may notice that some of the email addresses are missing."',
    '',
    'First Name,Last Name,URL,Email Address,Company,Position,Connected On',
  ];
  for (let i = 0; i < rows; i++) {
    const email = i % 5 === 0 ? `c${i}.${tag}@example.org` : '';
    lines.push(
      `First${i},Last${tag},https://www.linkedin.com/in/c${i}-${tag},${email},"Company ${i % 400}, Ltd",${POSITIONS[i % POSITIONS.length]},${String(1 + (i % 28)).padStart(2, '0')} Mar 2022`,
    );
  }
  return lines.join('\r\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { scale: { type: 'string', default: 'M' }, rows: { type: 'string', default: '30000' }, seed: { type: 'string', default: '42' } },
  });
  const scale = scaleOf(values.scale);
  const rows = Number(values.rows);
  const seed = Number(values.seed);
  const root = repoRoot();
  const log = (msg: string) => process.stderr.write(`[import bench ${values.scale}] ${msg}\n`);

  const { app, neo4j, config } = await openBenchGraph(scale, seed, root, log);
  const [{ people }] = await neo4j.readRows<{ people: number }>('MATCH (p:Person) RETURN count(p) AS people');
  // Two accounts of the network: one imports through the service, the other gets the bare write.
  const [importer, bare] = (
    await neo4j.readRows<{ id: string }>('MATCH (a:Person:Account) WHERE a.id STARTS WITH "b-" RETURN a.id AS id ORDER BY a.id LIMIT 2')
  ).map((r) => r.id);
  const cleanUp = async () => {
    for (;;) {
      const [{ n }] = await neo4j.writeRows<{ n: number }>(
        `MATCH (p:Person) WHERE p.createdBy = $importer OR p.id STARTS WITH 'bare-'
         WITH p LIMIT 5000
         OPTIONAL MATCH (p)-[:HAS_ROLE]->(r:Role)
         OPTIONAL MATCH (ik:IdentityKey)-[:IDENTIFIES]->(p)
         DETACH DELETE r, ik, p
         RETURN count(*) AS n`,
        { importer },
      );
      if (n === 0) break;
    }
    await neo4j.writeRows('MATCH (j:ImportJob) OPTIONAL MATCH (j)-[:HAS_UPLOAD]->(u) DETACH DELETE j, u');
  };
  await cleanUp();
  const tag = `r${Date.now().toString(36)}`;
  const content = exportOf(rows, tag);
  log(`${rows} rows (${(content.length / 1024 / 1024).toFixed(1)} MB) for ${importer}, into ${people} people`);

  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
  await redis.flushdb();
  const port = await freePort();
  const processes = new BenchProcesses(root);
  const env = { PORT: String(port), LOG_LEVEL: 'info', QUEUE_PREFIX: 'backr-bench', OUTBOX_DIR: join(root, 'bench', '.data', 'logs', 'outbox-import') };
  processes.start('api', `import-api-${values.scale}`, env);
  processes.start('worker', `import-worker-${values.scale}`, env);
  await waitForApi(port, async () => !!(await redis.get(HEARTBEAT_KEY)));
  const token = await signDevToken(config.AUTH_JWT_SECRET!, { sub: importer, roles: ['MEMBER'] });
  const post = (query: string, variables: Record<string, unknown>) => graphql(port, token, query, variables);

  log('importContacts → COMPLETED');
  const t0 = performance.now();
  const { importContacts } = await post(`mutation($input: ImportContactsInput!) { importContacts(input: $input) { id status } }`, {
    input: { format: 'LINKEDIN_CSV', content },
  });
  const acceptedMs = performance.now() - t0;
  let job: Record<string, any> = importContacts;
  while (job.status !== 'COMPLETED' && job.status !== 'FAILED') {
    await new Promise((r) => setTimeout(r, 50));
    job = (
      await post(`query($id: ID!) { importJob(id: $id) { status totalRows processedRows created linkedExisting skipped errorCount failure } }`, {
        id: importContacts.id,
      })
    ).importJob;
  }
  const importSeconds = (performance.now() - t0) / 1000;
  if (job.status !== 'COMPLETED') throw new Error(`import failed: ${job.failure}`);
  log(`import: ${round(importSeconds)} s (${Math.round(rows / importSeconds)} rows/s; accepted in ${round(acceptedMs)} ms), created ${job.created}`);

  log('re-import of the same file (everything resolves to existing people)');
  const t1 = performance.now();
  const again = (await post(`mutation($input: ImportContactsInput!) { importContacts(input: $input) { id } }`, { input: { format: 'LINKEDIN_CSV', content } }))
    .importContacts;
  let second: Record<string, any> = { status: 'QUEUED' };
  while (second.status !== 'COMPLETED' && second.status !== 'FAILED') {
    await new Promise((r) => setTimeout(r, 50));
    second = (await post(`query($id: ID!) { importJob(id: $id) { status created linkedExisting } }`, { id: again.id })).importJob;
  }
  const reimportSeconds = (performance.now() - t1) / 1000;
  log(`re-import: ${round(reimportSeconds)} s, created ${second.created}, linkedExisting ${second.linkedExisting}`);

  log('bare batched UNWIND … MERGE of the same rows with the driver');
  const bareRows = Array.from({ length: rows }, (_, i) => ({ id: `bare-${tag}-${i}`, name: `First${i} Last${tag}` }));
  const t2 = performance.now();
  for (let i = 0; i < bareRows.length; i += 1000) {
    await neo4j.writeRows(
      `MATCH (v:Person {id: $owner})
       UNWIND $rows AS r
       MERGE (p:Person {id: r.id}) ON CREATE SET p.displayName = r.name
       MERGE (v)-[k:KNOWS {recordedBy: $owner}]->(p) ON CREATE SET k.strength = 0.3, k.context = 'OTHER'`,
      { owner: bare, rows: bareRows.slice(i, i + 1000) },
    );
  }
  const bareSeconds = (performance.now() - t2) / 1000;
  log(`bare: ${round(bareSeconds)} s (${Math.round(rows / bareSeconds)} rows/s); import / bare = ${(importSeconds / bareSeconds).toFixed(2)}`);

  processes.stop();
  await cleanUp();
  redis.disconnect();
  await app.close();
  const written = writeResult(root, 'import', values.scale, {
    scale: values.scale,
    peopleInGraph: people,
    rows,
    bytes: content.length,
    import: {
      seconds: round(importSeconds),
      rowsPerSecond: Math.round(rows / importSeconds),
      acceptedMs: round(acceptedMs),
      created: job.created,
      errors: job.errorCount,
      batchSize: config.IMPORT_BATCH_SIZE,
    },
    reimport: { seconds: round(reimportSeconds), created: second.created, linkedExisting: second.linkedExisting },
    bare: { seconds: round(bareSeconds), rowsPerSecond: Math.round(rows / bareSeconds) },
    importOverBare: Number((importSeconds / bareSeconds).toFixed(2)),
  });
  log(`written ${written}`);
  process.exit(0);
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
