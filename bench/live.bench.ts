import 'reflect-metadata';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createClient, type Client } from 'graphql-ws';
import { Redis } from 'ioredis';
import WebSocket from 'ws';
import { signDevToken } from '#libs/auth';
import { AppConfig, ConfigModule } from '#libs/config';
import { GraphModule, MigrationsRunner, repoRoot } from '#libs/graph';
import { BenchProcesses, freePort, graphql, pct, round, waitForApi, writeResult } from './bench-support.js';

/**
 * Live updates under idle subscriptions (issue 14): the time from a broker's answer (the HTTP response of
 * respondToIntroduction) to the member's introductionUpdated event on their socket, with 0, 1,000 and 5,000
 * idle subscriptions held by other accounts (half following all their requests, half one request each).
 * Before issue 14 each subscription read Neo4j for every change on the platform; 600 idle ones delayed
 * updates by minutes. Needs no path-finder network: each sample is a fresh member → broker → target chain.
 */
@Module({ imports: [ConfigModule, GraphModule] })
class LiveBenchModule {}

const INTRO = 'subscription($id: ID) { introductionUpdated(requestId: $id) { id status } }';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { scale: { type: 'string', default: 'XS' }, samples: { type: 'string', default: '30' }, idle: { type: 'string', default: '0,1000,5000' } },
  });
  const samples = Number(values.samples);
  const levels = values.idle.split(',').map(Number);
  const root = repoRoot();
  const log = (msg: string) => process.stderr.write(`[live bench] ${msg}\n`);

  const app = await NestFactory.createApplicationContext(LiveBenchModule, { logger: ['error', 'warn'] });
  await app.get(MigrationsRunner).run();
  const config = app.get(AppConfig);
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
  await redis.flushdb();
  const outboxDir = join(root, 'bench', '.data', 'logs', 'outbox-live');
  rmSync(outboxDir, { recursive: true, force: true });
  const port = await freePort();
  const env = {
    PORT: String(port),
    LOG_LEVEL: 'warn',
    QUEUE_PREFIX: 'backr-bench',
    OUTBOX_DIR: outboxDir,
    LIVE_MAX_SUBSCRIPTIONS_PER_SOCKET: '1000',
    LIVE_MAX_SUBSCRIPTIONS_PER_ACCOUNT: '100000',
    // Each sample's member searches right after other accounts' writes set up their path: every answer includes every committed change.
    PATH_INDEX_READS: 'all-writes',
  };
  const processes = new BenchProcesses(root);
  processes.start('api', 'live-api', env);
  processes.start('worker', 'live-worker', env);
  await waitForApi(port);

  const run = Date.now().toString(36);
  let n = 0;
  const account = async (roles: ('MEMBER' | 'VOLUNTEER')[], label: string) => {
    const sub = `bench-live-${run}-${++n}`;
    const email = `${sub}@bench.backr.test`;
    const token = await signDevToken(config.AUTH_JWT_SECRET!, {
      sub,
      name: `${label} ${n}`,
      email,
      roles,
      issuer: config.AUTH_ISSUER,
      audience: config.AUTH_AUDIENCE,
    });
    await graphql(port, token, '{ me { id } }');
    return { token, email, name: `${label} ${n}` };
  };
  const work = 'Paramedic';
  /** A member with a request waiting on a broker's answer. */
  const chain = async () => {
    const [member, broker, target] = await Promise.all([account(['MEMBER'], 'Member'), account(['VOLUNTEER'], 'Broker'), account(['MEMBER'], 'Target')]);
    const add = 'mutation($input: ContactInput!) { addContact(input: $input) { strength } }';
    await graphql(port, member.token, add, { input: { displayName: broker.name, email: broker.email, context: 'FRIEND', strength: 0.9 } });
    await graphql(port, broker.token, add, {
      input: { displayName: target.name, email: target.email, context: 'EX_COLLEAGUE', strength: 0.8, roles: [{ title: work }] },
    });
    const paths = await graphql(port, member.token, 'query($w: String!) { introPaths(input: { work: $w }) { paths { id } } }', { w: work });
    const request = await graphql(port, member.token, 'mutation($p: ID!) { requestIntroduction(input: { pathId: $p, message: "bench" }) { id } }', {
      p: paths.introPaths.paths[0].id,
    });
    return { member, broker, requestId: request.requestIntroduction.id as string };
  };
  const socket = (token: string): Client =>
    createClient({
      url: `ws://127.0.0.1:${port}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
      lazy: true,
    });

  // Idle subscriptions: 20 accounts with sockets of up to 250 subscriptions, on requests of their own (so
  // filtered ones are valid) and on all their requests.
  const idleOwners = await Promise.all(Array.from({ length: 20 }, async () => ({ ...(await chain()) })));
  const idleSockets: Client[] = [];
  let idle = 0;
  const addIdle = async (count: number) => {
    const opened: Promise<void>[] = [];
    while (count-- > 0) {
      const owner = idleOwners[idle % idleOwners.length];
      if (idle % 250 === 0) idleSockets.push(socket(owner.member.token));
      const client = idleSockets[idleSockets.length - 1];
      const variables = idle % 2 ? { id: owner.requestId } : {};
      opened.push(
        new Promise<void>((resolve) => {
          client.subscribe(
            { query: INTRO, variables },
            { next: () => undefined, error: (e) => log(`idle subscription failed: ${JSON.stringify(e).slice(0, 200)}`), complete: () => undefined },
          );
          setTimeout(resolve, 0);
        }),
      );
      idle++;
    }
    await Promise.all(opened);
    await new Promise((r) => setTimeout(r, 3000));
  };

  const results: Record<string, unknown>[] = [];
  for (const level of levels) {
    await addIdle(level - idle);
    log(`${idle} idle subscriptions; ${samples} samples`);
    const times: number[] = [];
    for (let i = 0; i < samples; i++) {
      const c = await chain();
      const client = socket(c.member.token);
      // Measured from sending the answer: the update may reach the socket before the answer's HTTP response does.
      let answeredAt = 0;
      const arrived = new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no live update within 120 s')), 120_000);
        client.subscribe(
          { query: INTRO, variables: { id: c.requestId } },
          {
            next: (msg) => {
              const status = (msg.data as { introductionUpdated?: { status: string } } | undefined)?.introductionUpdated?.status;
              if (status === 'TARGET_ASKED') {
                clearTimeout(timer);
                resolve(performance.now() - answeredAt);
              }
            },
            error: reject,
            complete: () => undefined,
          },
        );
      });
      await new Promise((r) => setTimeout(r, 300)); // the subscription is in place
      answeredAt = performance.now();
      await graphql(port, c.broker.token, 'mutation($r: ID!) { respondToIntroduction(input: { requestId: $r, accept: true }) { status } }', { r: c.requestId });
      times.push(await arrived);
      await client.dispose();
    }
    const row = {
      idleSubscriptions: idle,
      samples,
      p50Ms: round(pct(times, 50)),
      p95Ms: round(pct(times, 95)),
      p99Ms: round(pct(times, 99)),
      maxMs: round(Math.max(...times)),
    };
    log(JSON.stringify(row));
    results.push(row);
  }
  const file = writeResult(root, 'live', values.scale, { what: 'answer → member live update (introductionUpdated), by idle subscriptions', results });
  log(`written ${file}`);
  await Promise.all(idleSockets.map(async (c) => c.dispose()));
  processes.stop();
  redis.disconnect();
  await app.close();
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
