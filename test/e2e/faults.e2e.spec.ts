import { createHmac } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import neo4j, { type Driver } from 'neo4j-driver';
import { DEV_IDENTITY_SECRET } from '#libs/config';
import { gql, unique, useApi, type GqlResponse, type TestUser } from '../support/api-client.js';
import { account, ADD, chain, eventually, pathTo, REQUEST } from '../support/intro-helpers.js';
import { alive, reachable, stopProcess } from '../support/processes.js';
import { startStack, type Stack } from '../support/stack.js';
import { testRun } from '../support/test-env.js';

/**
 * Faults under load lose nothing. One private stack (API, worker, Redis and a Neo4j of its own,
 * which no other suite uses) takes a Neo4j outage, then a Redis restart.
 * A worker killed mid-job (exactly-once effect) is covered in introductions-reliability.e2e.spec.ts
 * ("completes a job whose worker was killed (SIGKILL) mid-job" and the import resumed after a kill).
 */
let stack: Stack;
let db: Driver;

beforeAll(async () => {
  stack = await startStack('faults', { WORKER_LOCK_MS: '5000' }, { ownNeo4j: true });
  useApi(stack.apiUrl);
  db = neo4j.driver(stack.neo4jUri, neo4j.auth.basic('neo4j', 'local-auth-disabled'), { disableLosslessIntegers: true });
}, 300_000);

afterAll(async () => {
  useApi(null);
  await db?.close();
  await stack?.stop();
}, 120_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Outcome {
  kind: 'ok' | 'coded' | 'uncoded';
  status: number | null;
  code?: string;
  message?: string;
  data?: any;
  raw?: string;
  ms?: number;
}

/** One GraphQL call, classified: success with data, a coded error (no stack in sight), or anything else. */
async function attempt(query: string, variables: Record<string, unknown>, token: string): Promise<Outcome> {
  const started = Date.now();
  return { ...(await classify(query, variables, token)), ms: Date.now() - started };
}

async function classify(query: string, variables: Record<string, unknown>, token: string): Promise<Outcome> {
  let res: GqlResponse;
  try {
    res = await gql(query, variables, token);
  } catch (error) {
    return { kind: 'uncoded', status: null, raw: `no response: ${(error as Error).message}` };
  }
  const error = res.errors?.[0];
  if (!error)
    return res.status === 200 && res.data
      ? { kind: 'ok', status: res.status, data: res.data }
      : { kind: 'uncoded', status: res.status, raw: JSON.stringify(res) };
  const code = error.extensions?.code;
  const leaks = /\n\s+at |Neo4jError|ServiceUnavailable:|ECONNREFUSED/.test(error.message) || 'stacktrace' in (error.extensions ?? {});
  if (!code || leaks) return { kind: 'uncoded', status: res.status, code, message: error.message, raw: JSON.stringify(res.errors) };
  return { kind: 'coded', status: res.status, code, message: error.message };
}

/** Codes and messages seen, for the log of the run (and the report of what a client met). */
function tally(outcomes: Outcome[]): Record<string, number> {
  const seen: Record<string, number> = {};
  for (const o of outcomes) {
    const key = o.kind === 'ok' ? `ok (HTTP ${o.status})` : `${o.code ?? o.kind} (HTTP ${o.status}): ${o.message ?? o.raw}`;
    seen[key] = (seen[key] ?? 0) + 1;
  }
  return seen;
}

async function health(): Promise<{ status: number; body: any; ms: number; answeredAt: number }> {
  const started = Date.now();
  try {
    const res = await fetch(`${stack.apiUrl}/health`, { signal: AbortSignal.timeout(90_000) });
    return { status: res.status, body: await res.json(), ms: Date.now() - started, answeredAt: Date.now() };
  } catch (error) {
    return { status: 0, body: { error: (error as Error).message }, ms: Date.now() - started, answeredAt: Date.now() };
  }
}

/** The graph's own id inside an API id (base64url of "Type:id"). */
const local = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1];

/** The identity key the service derives from an email (libs/network IdentityKeys). */
function emailKey(email: string): string {
  const secret = process.env['IDENTITY_KEY_SECRET'] || DEV_IDENTITY_SECRET;
  return `e:${createHmac('sha256', secret).update(`email:${email}`).digest('base64url')}`;
}

describe('Neo4j stopped for 10 s under write load', () => {
  interface Write {
    client: number;
    displayName: string;
    email: string;
    phase: 'before' | 'down' | 'after';
    outcome: Outcome;
  }

  it('answers every request with data or a coded error, keeps every acknowledged contact whole, and recovers without a restart', async () => {
    const clients = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => account(['MEMBER'], unique(`Load ${i}`))));
    const writes: Write[] = [];
    let phase: Write['phase'] = 'before';
    let running = true;
    const load = clients.map(async (user, client) => {
      while (running) {
        const tag = unique(`c${client}`).toLowerCase();
        const input = { displayName: `Contact ${tag}`, email: `${tag}@faults.backr.test`, context: 'FRIEND', strength: 0.5 };
        const started = phase;
        const outcome = await attempt(ADD, { input }, user.token);
        writes.push({
          client,
          displayName: input.displayName,
          email: input.email,
          phase: started === 'after' ? 'after' : phase === 'before' ? 'before' : 'down',
          outcome,
        });
        if (outcome.kind !== 'ok') await sleep(100); // a refused request can come back at once: don't spin
      }
    });

    await eventually(
      async () => writes.filter((w) => w.outcome.kind === 'ok').length,
      (n) => n >= 20,
      60_000,
    );
    phase = 'down'; // from the SIGTERM on: Neo4j refuses new work while it shuts down
    await stack.stopNeo4j();
    // Not awaited here: the probe may itself wait on the driver's retries.
    const probe = health();
    await sleep(10_000);
    const restartBegan = Date.now();
    await stack.startNeo4j();
    phase = 'after';
    const whileDown = await probe;
    // Recovery without a restart: fresh requests succeed again within a bound, and health says ok.
    const recovered = await eventually(
      async () => writes.filter((w) => w.phase === 'after' && w.outcome.kind === 'ok').length,
      (n) => n >= clients.length * 3,
      90_000,
    );
    running = false;
    await Promise.all(load);
    const healthAfter = await eventually(health, (h) => h.status === 200, 60_000);

    const summary = {
      writes: writes.length,
      slowestMs: Math.max(...writes.map((w) => w.outcome.ms ?? 0)),
      byPhase: Object.fromEntries((['before', 'down', 'after'] as const).map((p) => [p, tally(writes.filter((w) => w.phase === p).map((w) => w.outcome))])),
      healthWhileDown: whileDown,
    };
    writeFileSync(join(testRun().runDir, 'faults-neo4j-summary.json'), JSON.stringify({ ...summary, writes }, null, 2));
    console.log(`Neo4j outage: ${JSON.stringify(summary, null, 2)}`);

    // Health asked while Neo4j was down must not say it is up; an answer that came only after the restart began may say either.
    if (whileDown.answeredAt < restartBegan) expect(whileDown).toMatchObject({ status: 503, body: { status: 'unavailable', neo4j: 'down' } });
    else expect(whileDown.status).not.toBe(0);
    expect(writes.filter((w) => w.outcome.kind === 'uncoded').map((w) => w.outcome)).toEqual([]);
    const codes = new Set(writes.filter((w) => w.outcome.kind === 'coded').map((w) => w.outcome.code));
    expect([...codes].filter((c) => c !== 'SERVICE_UNAVAILABLE')).toEqual([]);
    expect(recovered).toBeGreaterThanOrEqual(clients.length * 3);
    expect(healthAfter).toMatchObject({ status: 200, body: { status: 'ok', neo4j: 'up', redis: 'up' } });
    expect(alive(stack.apiPid)).toBe(true);

    // What the graph holds, per client, against what each client was told. A refused write may
    // still have committed: the server can commit as it shuts down, before the driver hears so
    // (the driver then retries until it gives up). Such a contact must be whole, and is reported.
    const committedThoughRefused: { email: string; code?: string; message?: string }[] = [];
    const retries: Record<string, number> = {};
    const session = db.session();
    const graphOf = async (user: TestUser & { personId: string }) => {
      const rows = (
        await session.run(
          `MATCH (v:Person {id: $viewerId})-[k:KNOWS {recordedBy: $viewerId}]->(p:Person)
           OPTIONAL MATCH (ik:IdentityKey)-[:IDENTIFIES]->(p)
           RETURN 'ref_' + k.ref AS personId, p.displayName AS personName, p.createdBy AS createdBy, k.displayName AS displayName, k.email AS email,
                  k.context AS context, k.strength AS strength, k.createdAt IS NOT NULL AS dated, collect(ik.key) AS keys`,
          { viewerId: local(user.personId) },
        )
      ).records.map((r) => r.toObject());
      const byEmail = new Map(rows.map((r) => [r['email'] as string, r]));
      expect(byEmail.size).toBe(rows.length); // one KNOWS per contact, none doubled by a retry
      return byEmail;
    };
    const whole = (user: TestUser & { personId: string }, w: Write, personId: string) => ({
      personId,
      personName: w.displayName,
      createdBy: local(user.personId),
      displayName: w.displayName,
      email: w.email,
      context: 'FRIEND',
      strength: 0.5,
      dated: true,
      keys: [emailKey(w.email)],
    });
    try {
      for (const [client, user] of clients.entries()) {
        const mine = writes.filter((w) => w.client === client);
        const byEmail = await graphOf(user);
        for (const w of mine.filter((m) => m.outcome.kind === 'ok')) {
          expect({ email: w.email, row: byEmail.get(w.email) ?? null }).toEqual({
            email: w.email,
            row: whole(user, w, local(w.outcome.data.addContact.person.id)),
          });
        }
        const refused = mine.filter((w) => w.outcome.kind !== 'ok');
        for (const w of refused.filter((r) => byEmail.has(r.email))) {
          committedThoughRefused.push({ email: w.email, code: w.outcome.code, message: w.outcome.message });
          expect({ email: w.email, row: byEmail.get(w.email) }).toEqual({ email: w.email, row: whole(user, w, byEmail.get(w.email)!['personId'] as string) });
        }
        // One that did not commit left no identity key behind either.
        const absent = refused.filter((r) => !byEmail.has(r.email));
        const orphanKeys = (
          await session.run(`UNWIND $keys AS key MATCH (ik:IdentityKey {key: key}) RETURN ik.key AS key`, { keys: absent.map((w) => emailKey(w.email)) })
        ).records;
        expect(orphanKeys.map((r) => r.get('key'))).toEqual([]);
        // Nothing the client never asked for.
        const asked = new Set(mine.map((w) => w.email));
        expect([...byEmail.keys()].filter((e) => !asked.has(e))).toEqual([]);

        // Trying again, as the error says: a refused write that did not commit now succeeds; one that did is found, not doubled.
        for (const w of refused) {
          const again = await attempt(ADD, { input: { displayName: w.displayName, email: w.email, context: 'FRIEND', strength: 0.5 } }, user.token);
          const key = again.kind === 'ok' ? 'ok' : String(again.code);
          retries[key] = (retries[key] ?? 0) + 1;
          expect({ email: w.email, again: again.kind === 'ok' ? 'ok' : again.code }).toEqual({
            email: w.email,
            again: byEmail.has(w.email) ? 'CONFLICT' : 'ok',
          });
        }
        const after = await graphOf(user);
        for (const w of refused) expect(after.get(w.email) ?? null).toEqual(whole(user, w, (after.get(w.email)?.['personId'] as string) ?? 'none'));
      }
    } finally {
      await session.close();
      console.log(
        `Neo4j outage, refused writes found committed: ${JSON.stringify(committedThoughRefused)}; retried refused writes: ${JSON.stringify(retries)}`,
      );
      writeFileSync(join(testRun().runDir, 'faults-neo4j-refused.json'), JSON.stringify({ committedThoughRefused, retries }, null, 2));
    }
  }, 300_000);
});

describe('Redis restarted under load', () => {
  interface Ask {
    client: number;
    member: TestUser;
    brokerEmail: string;
    outcome: Outcome;
    during: boolean;
  }

  function asks(): { file: string; text: string }[] {
    if (!existsSync(stack.outboxDir)) return [];
    return readdirSync(stack.outboxDir)
      .filter((f) => f.endsWith('.eml'))
      .map((f) => ({ file: f, text: readFileSync(join(stack.outboxDir, f), 'utf8') }))
      .filter((m) => /^Subject: .* asks for an introduction$/m.test(m.text));
  }

  it('delivers the ask of every acknowledged introduction request exactly once', async () => {
    // Chains and paths are made first, so that the load is requestIntroduction alone and some are in flight across the restart.
    const pool: { member: TestUser; brokerEmail: string; pathId: string }[] = [];
    await Promise.all(
      [1, 2, 3, 4].map(async () => {
        for (let i = 0; i < 8; i++) {
          const c = await chain('Glazier');
          pool.push({ member: c.member, brokerEmail: c.broker.email, pathId: await pathTo(c.member, c.work) });
        }
      }),
    );
    const requests: Ask[] = [];
    let restarting = false;
    let next = 0;
    // Each client sends two, then waits for Redis to be down, so that some requests certainly meet the outage.
    let release!: () => void;
    const redisDown = new Promise<void>((resolve) => (release = resolve));
    const load = [1, 2, 3, 4].map(async (client) => {
      for (let sent = 0; next < pool.length; sent++) {
        if (sent === 2) await redisDown;
        const { member, brokerEmail, pathId } = pool[next++];
        const during = restarting;
        const outcome = await attempt(REQUEST, { input: { pathId, message: 'I would value 20 minutes of advice on glazing.' } }, member.token);
        requests.push({ client, member, brokerEmail, outcome, during: during || restarting });
      }
    });

    await eventually(
      async () => requests.length,
      (n) => n >= 8,
      120_000,
    );
    restarting = true;
    const restart = stack.restartRedis(3_000);
    await eventually(
      () => reachable(stack.redisUrl),
      (up) => !up,
      15_000,
    );
    release();
    const probe = health();
    await restart;
    const redisBack = Date.now();
    restarting = false;
    await Promise.all(load);

    const acknowledged = requests.filter((r) => r.outcome.kind === 'ok');
    const refused = requests.filter((r) => r.outcome.kind !== 'ok');
    // Jobs whose hand-over failed wait in the graph for the worker's sweep (every 15 s, jobs older than 30 s).
    const delivered = await eventually(
      async () => asks(),
      (files) => acknowledged.every((r) => files.some((f) => f.text.includes(`/${r.outcome.data.requestIntroduction.id}`))),
      150_000,
    );
    const summary = {
      requests: requests.length,
      duringRestart: requests.filter((r) => r.during).length,
      slowestMs: Math.max(...requests.map((r) => r.outcome.ms ?? 0)),
      outcomes: tally(requests.map((r) => r.outcome)),
      healthWhileDown: await probe,
      // Recorded but not yet handed to BullMQ (or handed over, removal pending): the sweep's to-do list.
      pendingJobsLeft: (await db.executeQuery('MATCH (j:PendingJob) RETURN j.id AS id')).records.map((r) => r.get('id')),
    };
    writeFileSync(
      join(testRun().runDir, 'faults-redis-summary.json'),
      JSON.stringify({ ...summary, requests: requests.map(({ member, ...r }) => ({ ...r, member: member.name })) }, null, 2),
    );
    console.log(`Redis restart: ${JSON.stringify(summary, null, 2)}`);

    if (summary.healthWhileDown.answeredAt < redisBack)
      expect(summary.healthWhileDown).toMatchObject({ status: 503, body: { status: 'unavailable', redis: 'down' } });
    expect(requests.filter((r) => r.outcome.kind === 'uncoded').map((r) => r.outcome)).toEqual([]);
    expect(requests.filter((r) => r.during).length).toBeGreaterThan(0);
    expect(acknowledged.length).toBeGreaterThan(0);
    const perRequest = acknowledged.map((r) => {
      const id = r.outcome.data.requestIntroduction.id as string;
      const mine = delivered.filter((f) => f.text.includes(`/${id}`));
      return { id, asks: mine.length, toBroker: mine.filter((f) => f.text.includes(`To: ${r.brokerEmail}`)).length };
    });
    expect(perRequest.filter((p) => p.asks !== 1 || p.toBroker !== 1)).toEqual([]);
    // A refused request left no ask behind (its member's name would be in it).
    expect(refused.filter((r) => delivered.some((f) => f.text.includes(r.member.name))).map((r) => r.outcome)).toEqual([]);
    expect(alive(stack.apiPid)).toBe(true);
  }, 420_000);
});

describe('shutdown with Redis away', () => {
  it('exits within its grace period on SIGTERM although Redis cannot be reached', async () => {
    const down = stack.restartRedis(45_000); // Redis stops now and stays down for 45 s
    expect(
      await eventually(
        async () => !(await reachable(stack.redisUrl)),
        (gone) => gone,
        15_000,
      ),
    ).toBe(true);
    // A request that needs Redis leaves the API's clients waiting for it.
    await fetch(`${stack.apiUrl}/health`).catch(() => undefined);
    const asked = Date.now();
    expect(await stopProcess(stack.apiPid, 'SIGTERM', 30_000)).toBe(true);
    expect(Date.now() - asked).toBeLessThan(30_000);
    await down;
  }, 120_000);
});
