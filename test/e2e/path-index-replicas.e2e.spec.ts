import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Redis } from 'ioredis';
import { cypher, closeProbe } from '../support/graph-probe.js';
import { gql, newUser, unique, useApi, type TestUser } from '../support/api-client.js';
import { freePort, spawnApp, stopProcess, waitForHealth } from '../support/processes.js';
import { testRun } from '../support/test-env.js';

/**
 * Two API replicas on one Neo4j and one Redis, each with its own in-memory path index: replica A is
 * the suite's shared API, replica B a second API process started here. Writes go through one and
 * are read through the other.
 */
const PATHS = `query Paths($input: IntroPathsInput!) { introPaths(input: $input) { reachableTargets paths { hops score steps { strength } } } }`;
const ADD = `mutation($input: ContactInput!) { addContact(input: $input) { person { id } } }`;
const UPDATE = `mutation($personId: ID!, $input: RelationshipUpdateInput!) { updateRelationship(personId: $personId, input: $input) { strength } }`;

interface Lags {
  changes: number;
  p50: number | null;
  p99: number | null;
  max: number | null;
}

interface IndexHealth {
  state: string;
  appliedSeq: number;
  builds: number;
  lastBuildMs: number | null;
  lastBuildLongestPauseMs: number | null;
  arrayBytes: number;
  freshness: Lags;
  sinceCommit: Lags;
}

// A second API replica builds its index of the whole shared graph beside the suite: waits are generous.
jest.setTimeout(180_000);

let replicaB = '';
let pidB = 0;
const STREAM = 'backr-test:paths:changes';

async function startB(): Promise<void> {
  const port = await freePort();
  replicaB = `http://127.0.0.1:${port}`;
  const log = join(testRun().runDir, 'api-replica-b.log');
  // The default consistency: a member's own writes on any replica, others' within about a second.
  const child = spawnApp(
    'api',
    { ...process.env, PORT: String(port), MIGRATE_ON_START: 'false', OUTBOX_DIR: join(testRun().runDir, 'outbox'), PATH_INDEX_READS: 'own-writes' },
    log,
  );
  pidB = child.pid!;
  await waitForHealth(replicaB, pidB, log);
  await until(async () => (await health(replicaB)).state === 'ready', 120_000);
}

async function latestSeq(): Promise<number> {
  const [row] = await cypher<{ seq: number | null }>(`MATCH (l:PathLog {id: 'paths'}) RETURN l.seq AS seq`);
  return Number(row?.seq ?? 0);
}

async function health(url: string, query = ''): Promise<IndexHealth> {
  const body = (await (await fetch(`${url}/health${query}`)).json()) as { pathIndex: IndexHealth };
  return body.pathIndex;
}

async function until(check: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function on<T>(url: string, query: string, variables: Record<string, unknown>, user: TestUser): Promise<T> {
  useApi(url);
  try {
    const res = await gql<T>(query, variables, user.token);
    expect(res.errors).toBeUndefined();
    return res.data!;
  } finally {
    useApi(null);
  }
}

const paramedics = (url: string, user: TestUser) =>
  on<{ introPaths: { reachableTargets: number; paths: { hops: number; score: number; steps: { strength: number }[] }[] } }>(
    url,
    PATHS,
    { input: { occupationCode: '2255' } },
    user,
  ).then((d) => d.introPaths);

describe('path index in two API replicas', () => {
  let member: TestUser;
  let volunteer: TestUser;
  let replicaA: string;

  beforeAll(async () => {
    replicaA = testRun().apiUrl;
    await startB();
    [member, volunteer] = await Promise.all([newUser(['MEMBER'], 'Replica Seeker'), newUser(['VOLUNTEER'], 'Replica Volunteer')]);
    // The member and the volunteer both know Sam: the volunteer's lent network is two hops away.
    const samEmail = `${unique('sam')}@example.org`;
    await on(replicaA, ADD, { input: { displayName: 'Sam', email: samEmail, context: 'EX_COLLEAGUE', strength: 0.8 } }, member);
    await on(replicaB, ADD, { input: { displayName: 'Sam', email: samEmail, context: 'COMMUNITY', strength: 0.7 } }, volunteer);
  }, 240_000);

  afterAll(async () => {
    if (pidB) await stopProcess(pidB);
    await closeProbe();
  });

  it("shows a member's own write in their very next query on the other replica", async () => {
    // Written through A, read through B (own writes only): the member's own last write is waited for.
    const added = await on<{ addContact: { person: { id: string } } }>(
      replicaA,
      ADD,
      { input: { displayName: 'Pat Paramedic', context: 'FRIEND', strength: 0.6, roles: [{ title: 'Paramedic' }] } },
      member,
    );
    const first = await paramedics(replicaB, member);
    expect(first.paths.filter((p) => p.hops === 1).map((p) => p.steps[0].strength)).toEqual([0.6]);
    await on(replicaB, UPDATE, { personId: added.addContact.person.id, input: { strength: 0.95 } }, member);
    const second = await paramedics(replicaA, member);
    expect(second.paths.filter((p) => p.hops === 1).map((p) => p.steps[0].strength)).toEqual([0.95]);
  });

  it("shows another member's write on the other replica once the change has travelled", async () => {
    const before = (await paramedics(replicaB, member)).reachableTargets;
    const started = Date.now();
    await on(replicaA, ADD, { input: { displayName: 'Priya', context: 'PROFESSIONAL', strength: 0.9, roles: [{ title: 'Paramedic' }] } }, volunteer);
    // Wait for B's index itself to hold the change: B answers from Neo4j whenever it cannot check the
    // member's own last write in Redis within 250 ms, and Neo4j has the write before B's index does.
    const written = await latestSeq();
    await until(async () => (await health(replicaB)).appliedSeq >= written);
    const seen = await paramedics(replicaB, member);
    expect(seen.reachableTargets).toBe(before + 1);
    expect(seen.paths.some((p) => p.hops === 3)).toBe(true);
    // Replica B timed changes from their writer's commit (which only the writer saw) to applying them.
    const lags = (await health(replicaB)).sinceCommit;
    expect(lags.changes).toBeGreaterThan(0);
    expect(lags.p50).toBeGreaterThanOrEqual(0);
    expect(lags.max).toBeLessThanOrEqual((await health(replicaB)).freshness.max!);
    // Only changes applied since a given time (a benchmark leaves its warm-up out); a malformed time is refused.
    // (Counted from the last statement: a change another process's poll relayed first has no commit time.)
    const since = async (at: number) => (await health(replicaB, `?lagsSince=${at}`)).freshness;
    expect(await since(Date.now() + 60_000)).toEqual({ changes: 0, p50: null, p99: null, max: null });
    expect((await since(started)).changes).toBeGreaterThan(0);
    const refused = await fetch(`${replicaB}/health?lagsSince=yesterday`);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({ error: expect.stringMatching(/^lagsSince: must be a time in whole milliseconds/) });
  });

  it('rebuilds after missing changes (a trimmed stream) and after a restart, then answers with every write', async () => {
    const start = (await paramedics(replicaB, member)).reachableTargets;
    const buildsBefore = (await health(replicaB)).builds;
    const redis = new Redis(testRun().redisUrl);
    try {
      // B stops reading; changes go past it; the stream loses them; another change follows. (B's read
      // already waiting in Redis may still bring it the first change: the second is the one it misses.)
      process.kill(pidB, 'SIGSTOP');
      await on(replicaA, ADD, { input: { displayName: 'Quinn', context: 'PROFESSIONAL', strength: 0.8, roles: [{ title: 'Paramedic' }] } }, volunteer);
      await new Promise((r) => setTimeout(r, 300));
      await on(replicaA, ADD, { input: { displayName: 'Quincy', context: 'PROFESSIONAL', strength: 0.8, roles: [{ title: 'Paramedic' }] } }, volunteer);
      // Once replica A has applied the log up to here, the change is in the stream (A reads it from there).
      const logged = await latestSeq();
      await until(async () => (await health(replicaA)).appliedSeq >= logged);
      await redis.xtrim(STREAM, 'MAXLEN', 0);
      await on(replicaA, ADD, { input: { displayName: 'Rowan', context: 'PROFESSIONAL', strength: 0.8, roles: [{ title: 'Paramedic' }] } }, volunteer);
      process.kill(pidB, 'SIGCONT');
      await until(async () => {
        const h = await health(replicaB);
        return h.builds > buildsBefore && h.state === 'ready';
      }, 60_000);
      // The rebuild says what it took, and how long at most it held the replica (which answered from Neo4j meanwhile).
      const rebuilt = await health(replicaB);
      expect(rebuilt.lastBuildMs).toBeGreaterThan(0);
      expect(rebuilt.lastBuildLongestPauseMs).toBeGreaterThanOrEqual(0);
      expect(rebuilt.lastBuildLongestPauseMs).toBeLessThanOrEqual(rebuilt.lastBuildMs!);
      expect(rebuilt.arrayBytes).toBeGreaterThan(0);
      await until(async () => (await paramedics(replicaB, member)).reachableTargets === start + 3);
    } finally {
      try {
        process.kill(pidB, 'SIGCONT');
      } catch {
        // already running or gone
      }
      redis.disconnect();
    }
    // Restarted: B builds afresh and serves a write made while it was down.
    expect(await stopProcess(pidB)).toBe(true);
    await on(replicaA, ADD, { input: { displayName: 'Sasha', context: 'PROFESSIONAL', strength: 0.8, roles: [{ title: 'Paramedic' }] } }, volunteer);
    await startB();
    expect((await paramedics(replicaB, member)).reachableTargets).toBe(start + 4);
  }, 180_000);
});
