import 'reflect-metadata';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { signDevToken } from '#libs/auth';
import { repoRoot } from '#libs/graph';
import { HEARTBEAT_KEY, QueueName } from '#libs/queue';
import { BenchProcesses, openBenchGraph, freePort, pct, round, scaleOf, waitForApi, writeResult } from './bench-support.js';
import { personId } from './bulk-loader.js';
import { generateNetwork, rng, zipfSampler } from './synthetic-network.js';

/**
 * Introductions at a path-finder scale (S by default):
 *  A. requestIntroduction through the API at increasing concurrency (closed loop), each request a
 *     distinct member with a fresh path handle; latency at the client.
 *  B. the asks those requests queued, drained by the real worker, and side by side on the same
 *     Redis the same number of no-op jobs drained by a bare BullMQ worker of the same concurrency.
 */

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: 'S' },
      requests: { type: 'string', default: '600' },
      concurrency: { type: 'string', default: '4,8,16' },
      seed: { type: 'string', default: '42' },
    },
  });
  const scale = scaleOf(values.scale);
  const perLevel = Number(values.requests);
  const levels = values.concurrency.split(',').map(Number);
  const seed = Number(values.seed);
  const root = repoRoot();
  const log = (msg: string) => process.stderr.write(`[intro bench ${values.scale}] ${msg}\n`);

  const { app, neo4j, config } = await openBenchGraph(scale, seed, root, log);
  // The same generated network, for choosing members and the work they want.
  const net = generateNetwork(scale.people, scale.relationships, seed, root);
  const cleanUp = async () => {
    // The path-finder benchmark shares this graph: leave no requests, asks or broker load behind.
    await neo4j.writeRows('MATCH (n) WHERE n:IntroRequest OR n:IntroEvent OR n:PendingJob DETACH DELETE n');
    await neo4j.writeRows(
      'MATCH (a:Account) WHERE a.openAsks IS NOT NULL OR a.askLog IS NOT NULL OR a.declineLog IS NOT NULL REMOVE a.openAsks, a.askLog, a.declineLog, a.recentDeclines',
    );
  };
  await cleanUp();

  const outboxDir = join(root, 'bench', '.data', 'logs', `outbox-${values.scale}`);
  rmSync(outboxDir, { recursive: true, force: true });
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
  await redis.flushdb();
  const port = await freePort();
  const prefix = 'backr-bench';
  const env = { PORT: String(port), LOG_LEVEL: 'warn', QUEUE_PREFIX: prefix, OUTBOX_DIR: outboxDir };
  const processes = new BenchProcesses(root);
  processes.start('api', `intro-api-${values.scale}`, env);
  await waitForApi(port);
  const url = `http://127.0.0.1:${port}/graphql`;
  // Errors are counted, not thrown: the timed loop reports them.
  const post = async (token: string, query: string, variables: Record<string, unknown>) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as { data?: Record<string, any>; errors?: { extensions?: { code?: string } }[] };
  };

  // Distinct members, each with the best path to someone doing popular work (not timed).
  const WARM_UP = 40;
  const needed = perLevel * levels.length + WARM_UP;
  const rnd = rng(seed + 7);
  const zipf = zipfSampler(net.codes.length, 1.1, rnd);
  const recorders = [...new Set<number>(net.edgeFrom)].sort(() => rnd() - 0.5);
  const jobs: { token: string; pathId: string }[] = [];
  log(`finding paths for ${needed} members (not timed)`);
  const PATHS = `query($code: ID!) { introPaths(input: { occupationCode: $code, maxHops: 3, first: 1 }) { paths { id } } }`;
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (jobs.length < needed && next < recorders.length) {
        const member = recorders[next++];
        const token = await signDevToken(config.AUTH_JWT_SECRET!, { sub: personId(member), roles: ['MEMBER'] });
        for (let tries = 0; tries < 3 && jobs.length < needed; tries++) {
          const body = await post(token, PATHS, { code: net.codes[zipf.sample()] });
          const path = body.data?.introPaths.paths[0];
          if (path) {
            jobs.push({ token, pathId: path.id });
            break;
          }
        }
      }
    }),
  );
  if (jobs.length < needed) throw new Error(`only ${jobs.length} members with a path; lower --requests`);

  const REQUEST = `mutation($input: RequestIntroductionInput!) { requestIntroduction(input: $input) { id status } }`;
  const apiRuns: Record<string, unknown>[] = [];
  log(`warming up with ${WARM_UP} requests (not timed)`);
  await Promise.all(
    Array.from({ length: 4 }, async (_, w) => {
      for (let n = w; n < WARM_UP; n += 4) await post(jobs[n].token, REQUEST, { input: { pathId: jobs[n].pathId, message: 'Warm-up' } });
    }),
  );
  let offset = WARM_UP;
  for (const concurrency of levels) {
    const batch = jobs.slice(offset, offset + perLevel);
    offset += perLevel;
    const latencies: number[] = [];
    let errors = 0;
    let i = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (i < batch.length) {
          const job = batch[i++];
          const t = performance.now();
          const body = await post(job.token, REQUEST, { input: { pathId: job.pathId, message: 'Could you spare 20 minutes of advice?' } });
          latencies.push(performance.now() - t);
          if (body.errors) errors++;
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const run = {
      concurrency,
      requests: batch.length,
      seconds: round(seconds),
      perSecond: round(batch.length / seconds),
      p50: round(pct(latencies, 50)),
      p99: round(pct(latencies, 99)),
      errors,
    };
    apiRuns.push(run);
    log(`requestIntroduction x${batch.length} at concurrency ${concurrency}: ${run.perSecond}/s, p50 ${run.p50} ms, p99 ${run.p99} ms, errors ${errors}`);
  }
  const [asks] = await neo4j.readRows<{ asked: number; waiting: number }>(`RETURN COUNT { ()-[:ASKS]->() } AS asked, COUNT { ()-[:WAITS_FOR]->() } AS waiting`);
  log(`open asks ${asks.asked}, waiting in line ${asks.waiting}`);

  // B. Worker throughput. The notification jobs the requests queued wait in Redis (no worker yet).
  const notifications = new Queue(QueueName.Notifications, { connection: redis, prefix });
  const queued = (await notifications.getJobCounts('waiting', 'prioritized')) as Record<string, number>;
  const askJobs = (queued.waiting ?? 0) + (queued.prioritized ?? 0);
  if (askJobs === 0) throw new Error('no ask notifications were queued');

  log(`bare BullMQ: ${askJobs} no-op jobs, concurrency 32 (as the worker's notifications queue), same Redis`);
  const bareQueue = new Queue('bench-noop', { connection: redis, prefix });
  await bareQueue.addBulk(
    Array.from({ length: askJobs }, (_, n) => ({ name: 'noop', data: { requestId: `r${n}`, step: 0 }, opts: { removeOnComplete: true } })),
  );
  let bareDone = 0;
  const bareStart = performance.now();
  const bareFinished = new Promise<void>((resolve) => {
    const worker = new Worker('bench-noop', async () => undefined, { connection: redis.duplicate(), prefix, concurrency: 32 });
    worker.on('completed', () => {
      if (++bareDone === askJobs) void worker.close().then(resolve);
    });
  });
  await bareFinished;
  const bareSeconds = (performance.now() - bareStart) / 1000;
  await bareQueue.obliterate({ force: true });
  await bareQueue.close();

  log(`the worker: draining ${askJobs} ask notifications`);
  await notifications.pause();
  await redis.del(`${HEARTBEAT_KEY}`);
  processes.start('worker', `intro-worker-${values.scale}`, env);
  for (let n = 0; n < 200 && !(await redis.get(HEARTBEAT_KEY)); n++) await new Promise((r) => setTimeout(r, 100));
  const workerStart = performance.now();
  await notifications.resume();
  for (;;) {
    const c = (await notifications.getJobCounts('waiting', 'active', 'prioritized')) as Record<string, number>;
    if ((c.waiting ?? 0) + (c.active ?? 0) + (c.prioritized ?? 0) === 0) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const workerSeconds = (performance.now() - workerStart) / 1000;
  const failed = await notifications.getJobCountByTypes('failed');
  const workerRate = askJobs / workerSeconds;
  const bareRate = askJobs / bareSeconds;
  log(`worker ${round(workerRate)} asks/s, bare BullMQ ${round(bareRate)} jobs/s, ratio ${(workerRate / bareRate).toFixed(2)}, failed ${failed}`);

  processes.stop();
  await notifications.close();
  await cleanUp();
  redis.disconnect();
  await app.close();
  const written = writeResult(root, 'intro', values.scale, {
    scale: values.scale,
    people: scale.people,
    relationships: net.edgeFrom.length,
    requestIntroduction: apiRuns,
    asksAfterRun: asks,
    worker: { asks: askJobs, seconds: round(workerSeconds), perSecond: round(workerRate), failed, concurrency: 32 },
    bareBullmq: { jobs: askJobs, seconds: round(bareSeconds), perSecond: round(bareRate), concurrency: 32 },
    workerOverBare: Number((workerRate / bareRate).toFixed(3)),
  });
  log(`written ${written}`);
  process.exit(0);
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
