import 'reflect-metadata';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Redis } from 'ioredis';
import { signDevToken, type AccountRole } from '#libs/auth';
import { AppConfig, ConfigModule } from '#libs/config';
import { GraphModule, MigrationsRunner, Neo4jService, repoRoot } from '#libs/graph';
import { BenchProcesses, freePort, round, waitForApi, writeResult } from './bench-support.js';
import { rng } from './synthetic-network.js';

/**
 * Fairness of introductions, simulated through the API with the real worker (issue 13):
 * 12 volunteers with capacities 1-4 (two "stars" who know most people doing five common jobs,
 * two who never answer), 60 members who each know 2-5 volunteers, requests in rounds, each member
 * taking their best-ranked path; brokers accept 70% of asks and relay consent 80% of the time;
 * members confirm any other path they are offered. Seeded: the same seed makes the same network,
 * requests and answers (the order the worker runs jobs in may still differ slightly).
 *
 * Reports capacity breaches, identities shown before consent, the Gini of asks per broker
 * (received plus waiting) against naive warmest-path routing of the same requests, the share of
 * requests settled, and the median wait in line.
 */

@Module({ imports: [ConfigModule, GraphModule] })
class FairnessGraphModule {}

const JOBS = ['Paramedic', 'Electrician', 'Plumber', 'Care assistant', 'Bookkeeper'];
const VOLUNTEERS = 12;
const MEMBERS = 60;
const TARGETS = 40;

interface Person {
  sub: string;
  name: string;
  email: string;
  token: string;
  personId?: string;
}

interface Need {
  member: number;
  job: string;
  /** Request ids in order (a confirmed other path starts a new request). */
  requests: string[];
  naiveBroker: number | null;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: 'FAIR' },
      seed: { type: 'string', default: '7' },
      rounds: { type: 'string', default: '3' },
      perRound: { type: 'string', default: '36' },
      ticks: { type: 'string', default: '12' },
      tickMs: { type: 'string', default: '700' },
      waitMaxSeconds: { type: 'string', default: '6' },
      unansweredSeconds: { type: 'string', default: '6' },
    },
  });
  const seed = Number(values.seed);
  const rounds = Number(values.rounds);
  const perRound = Number(values.perRound);
  const ticks = Number(values.ticks);
  const tickMs = Number(values.tickMs);
  const root = repoRoot();
  const log = (msg: string) => process.stderr.write(`[fairness] ${msg}\n`);
  const rnd = rng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];

  const app = await NestFactory.createApplicationContext(FairnessGraphModule, { logger: ['error', 'warn'] });
  const neo4j = app.get(Neo4jService);
  const config = app.get(AppConfig);
  await app.get(MigrationsRunner).run();
  // This benchmark has its own data directory: start from an empty network every run.
  await neo4j.writeRows(`MATCH (n) WHERE n:Person OR n:Role OR n:IdentityKey OR n:IntroRequest OR n:IntroEvent OR n:PendingJob OR n:WorkGoal DETACH DELETE n`);
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
  await redis.flushdb();

  const outboxDir = join(root, 'bench', '.data', 'logs', 'outbox-fairness');
  rmSync(outboxDir, { recursive: true, force: true });
  const port = await freePort();
  const env = {
    PORT: String(port),
    LOG_LEVEL: 'warn',
    QUEUE_PREFIX: 'backr-fairness',
    OUTBOX_DIR: outboxDir,
    // Time is compressed: members search right after volunteers' answers and settings, so every answer includes every committed change.
    PATH_INDEX_READS: 'all-writes',
    // The run compresses days into seconds: nothing expires or is reminded within it; the bounded wait is scaled down.
    INTRO_EXPIRE_AFTER_SECONDS: '86400',
    INTRO_REMIND_AFTER_SECONDS: '86000',
    INTRO_WAIT_MAX_SECONDS: values.waitMaxSeconds,
    // An ask unanswered this long is offered another path (and counts against its broker's rank): 48 h in real time.
    INTRO_ASK_UNANSWERED_SECONDS: values.unansweredSeconds,
  };
  const processes = new BenchProcesses(root);
  processes.start('api', 'fairness-api', env);
  processes.start('worker', 'fairness-worker', env);
  await waitForApi(port);
  const url = `http://127.0.0.1:${port}/graphql`;
  const call = async (token: string, query: string, variables: Record<string, unknown> = {}) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as { data?: Record<string, any>; errors?: { message: string; extensions?: { code?: string; field?: string } }[] };
  };
  const must = async (token: string, query: string, variables: Record<string, unknown> = {}) => {
    const body = await call(token, query, variables);
    if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 400));
    return body.data!;
  };
  const person = async (sub: string, name: string, roles: AccountRole[]): Promise<Person> => {
    const email = `${sub}@fairness.example.org`;
    const token = await signDevToken(config.AUTH_JWT_SECRET!, { sub, name, email, roles });
    const me = await must(token, '{ me { person { id } } }');
    return { sub, name, email, token, personId: me.me.person.id };
  };
  const ADD = `mutation($input: ContactInput!) { addContact(input: $input) { person { id } } }`;

  // ---------------------------------------------------------------- the network (seeded)
  log('building the network through the API');
  const volunteers: Person[] = [];
  for (let v = 0; v < VOLUNTEERS; v++) volunteers.push(await person(`fair-vol-${seed}-${v}`, `Volunteer ${v}`, ['VOLUNTEER']));
  const capacity = volunteers.map((_, v) => 1 + (v % 4));
  for (let v = 0; v < VOLUNTEERS; v++)
    await must(volunteers[v].token, `mutation { updateAccountSettings(input: { brokerCapacity: ${capacity[v]} }) { brokerCapacity } }`);
  const stars = new Set([0, 1]);
  const silent = new Set([10, 11]);
  const targets = Array.from({ length: TARGETS }, (_, t) => ({
    name: `Target ${t}`,
    email: `fair-target-${seed}-${t}@fairness.example.org`,
    job: JOBS[t % JOBS.length],
  }));
  /** Who knows whom, with strengths: volunteer -> target, member -> volunteer. */
  const vt = new Map<number, Map<number, number>>();
  for (let v = 0; v < VOLUNTEERS; v++) vt.set(v, new Map());
  for (let t = 0; t < TARGETS; t++) {
    for (const s of stars) if (rnd() < 0.8) vt.get(s)!.set(t, 0.85 + rnd() * 0.1);
  }
  for (let v = 2; v < VOLUNTEERS; v++) {
    const n = 4 + Math.floor(rnd() * 3);
    for (let i = 0; i < n; i++) vt.get(v)!.set(Math.floor(rnd() * TARGETS), 0.45 + rnd() * 0.35);
  }
  for (let t = 0; t < TARGETS; t++) {
    if (![...vt.values()].some((m) => m.has(t))) vt.get(2 + (t % 10))!.set(t, 0.6);
  }
  for (const [v, known] of vt) {
    for (const [t, strength] of known) {
      await must(volunteers[v].token, ADD, {
        input: {
          displayName: targets[t].name,
          email: targets[t].email,
          context: 'EX_COLLEAGUE',
          strength: round2(strength),
          roles: [{ title: targets[t].job }],
        },
      });
    }
  }
  const members: Person[] = [];
  const mv = new Map<number, Map<number, number>>();
  for (let m = 0; m < MEMBERS; m++) {
    const member = await person(`fair-mem-${seed}-${m}`, `Member ${m}`, ['MEMBER']);
    members.push(member);
    const known = new Map<number, number>();
    for (const s of stars) if (rnd() < 0.6) known.set(s, 0.75 + rnd() * 0.2);
    const want = 2 + Math.floor(rnd() * 4);
    while (known.size < want) known.set(Math.floor(rnd() * VOLUNTEERS), 0.4 + rnd() * 0.5);
    mv.set(m, known);
    for (const [v, strength] of known) {
      await must(member.token, ADD, { input: { displayName: volunteers[v].name, email: volunteers[v].email, context: 'FRIEND', strength: round2(strength) } });
    }
  }

  /** Naive routing: the warmest path, ignoring whether its broker can take the ask. */
  const naiveBroker = (m: number, job: string): number | null => {
    let best: { v: number; score: number } | null = null;
    for (const [v, smv] of mv.get(m)!) {
      for (const [t, svt] of vt.get(v)!) {
        if (targets[t].job !== job) continue;
        const score = smv * svt;
        if (!best || score > best.score) best = { v, score };
      }
    }
    return best?.v ?? null;
  };

  // ---------------------------------------------------------------- the run
  const needs: Need[] = [];
  const INTRO = `id status currentStep steps { person { id } label } nextPath { id } introducedContact { person { displayName } }`;
  const PATHS = `query($work: String!) { introPaths(input: { work: $work, maxHops: 3, first: 1 }) { paths { id } } }`;
  const REQUEST = `mutation($input: RequestIntroductionInput!) { requestIntroduction(input: $input) { id } }`;
  const INBOX = `{ introductionInbox(first: 50) { edges { node { id awaitingMyAnswer answerOnBehalfOf { id } } } } }`;
  const RESPOND = `mutation($input: RespondToIntroductionInput!) { respondToIntroduction(input: $input) { id } }`;
  let observations = 0;
  let breaches = 0;
  let refused = 0;
  let repeats = 0;
  /** Why requests were refused (a member retries an offered path each tick, so one need can count many times). */
  const refusedBy = new Map<string, number>();
  const reasonOf = (message: string) =>
    /at a time/.test(message)
      ? 'share: open'
      : /this week/.test(message)
        ? 'share: week'
        : /already have an open introduction request/.test(message)
          ? 'open request to the same person'
          : /no longer reachable/.test(message)
            ? 'path gone'
            : 'other';
  let noPath = 0;
  const observe = async () => {
    const rows = await neo4j.readRows<{ open: number; capacity: number }>(
      `MATCH (b:Person:Account) WHERE b.brokerCapacity IS NOT NULL RETURN COUNT { (b)<-[:ASKS {counts: true}]-() } AS open, b.brokerCapacity AS capacity`,
    );
    for (const r of rows) {
      observations++;
      if (r.open > r.capacity) breaches++;
    }
  };
  const ask = async (need: Need, pathId: string) => {
    const input = { pathId, message: 'Could you spare 20 minutes of advice?' };
    let body = await call(members[need.member].token, REQUEST, { input });
    // Warned that they asked for this person before, the member asks again knowingly.
    if (body.errors?.[0]?.extensions?.field === 'input.confirmRepeat') {
      repeats++;
      body = await call(members[need.member].token, REQUEST, { input: { ...input, confirmRepeat: true } });
    }
    if (body.errors) {
      refused++;
      const reason = reasonOf(body.errors[0].message);
      refusedBy.set(reason, (refusedBy.get(reason) ?? 0) + 1);
    } else need.requests.push(body.data!.requestIntroduction.id);
  };

  const t0 = Date.now();
  for (let round = 0; round < rounds; round++) {
    log(`round ${round + 1}: ${perRound} requests`);
    for (let i = 0; i < perRound; i++) {
      const m = Math.floor(rnd() * MEMBERS);
      const job = pick(JOBS);
      const need: Need = { member: m, job, requests: [], naiveBroker: naiveBroker(m, job) };
      needs.push(need);
      const found = await must(members[m].token, PATHS, { work: job });
      const path = found.introPaths.paths[0];
      if (!path) noPath++;
      else await ask(need, path.id);
    }
    for (let tick = 0; tick < ticks; tick++) {
      await observe();
      for (let v = 0; v < VOLUNTEERS; v++) {
        if (silent.has(v)) continue;
        const inbox = await must(volunteers[v].token, INBOX);
        for (const edge of inbox.introductionInbox.edges) {
          const node = edge.node;
          if (!node.awaitingMyAnswer) continue;
          const relay = node.answerOnBehalfOf;
          const yes = rnd() < (relay ? 0.8 : 0.7);
          await call(volunteers[v].token, RESPOND, { input: { requestId: node.id, accept: yes, onBehalfOfPersonId: relay?.id ?? null } });
        }
      }
      // Members take any other path they are offered (after a close, or while waiting in line).
      for (const need of needs) {
        const last = need.requests.at(-1);
        if (!last) continue;
        const seen = (await must(members[need.member].token, `query($id: ID!) { introductionRequest(id: $id) { ${INTRO} } }`, { id: last }))
          .introductionRequest;
        if (seen?.nextPath && ['DECLINED', 'EXPIRED', 'ASKING'].includes(seen.status)) await ask(need, seen.nextPath.id);
      }
      await new Promise((r) => setTimeout(r, tickMs));
    }
  }
  await observe();
  const seconds = (Date.now() - t0) / 1000;

  // ---------------------------------------------------------------- measures
  log('measuring');
  let shownBeforeConsent = 0;
  const finals = new Map<string, number>();
  for (const need of needs) {
    const member = members[need.member];
    let status = 'NO_PATH';
    for (const id of need.requests) {
      const seen = (await must(member.token, `query($id: ID!) { introductionRequest(id: $id) { ${INTRO} } }`, { id })).introductionRequest;
      status = seen.status;
      const text = JSON.stringify(seen);
      // Every step after the first is a target without an account, named by volunteers: never to the member.
      if (
        seen.steps.slice(1).some((s: { person: unknown }) => s.person !== null) ||
        targets.some((t) => text.includes(`"${t.name}"`) || text.includes(`"${t.name},`))
      )
        shownBeforeConsent++;
    }
    finals.set(status, (finals.get(status) ?? 0) + 1);
  }
  const settled = (finals.get('INTRODUCED') ?? 0) + (finals.get('DECLINED') ?? 0);
  // What the needs still open at the end wait on: an ask (a silent volunteer's, or one not yet answered) or a place in line.
  const silentIds = [...silent].map((v) => localId(volunteers[v].personId!));
  const openEnds = await neo4j.readRows<{ state: string; silent: boolean }>(
    `UNWIND $ids AS id
     MATCH (r:IntroRequest {id: id})-[s:STEP]->() WHERE r.status IN ['ASKING', 'TARGET_ASKED'] AND s.index = r.currentStep
     RETURN s.state AS state, s.askeeId IN $silentIds AS silent`,
    {
      ids: needs
        .map((n) => n.requests.at(-1))
        .filter((id): id is string => !!id)
        .map(localId),
      silentIds,
    },
  );
  const openBy: Record<string, number> = {};
  for (const e of openEnds) {
    const key =
      e.state === 'ASKED' ? (e.silent ? 'asked, a silent volunteer' : 'asked, not yet answered') : e.silent ? 'in line, a silent volunteer' : 'in line';
    openBy[key] = (openBy[key] ?? 0) + 1;
  }
  const marked = await neo4j.readRows<{ n: number }>(`MATCH (b:Person:Account) RETURN sum(size(coalesce(b.unansweredLog, []))) AS n`);

  const load = await neo4j.readRows<{ id: string; n: number }>(
    `MATCH (b:Person:Account) WHERE 'VOLUNTEER' IN b.roles
     RETURN b.id AS id, COUNT { MATCH (r:IntroRequest) WHERE (r)-[:ASKED]->(b) OR (r)-[:WAITS_FOR]->(b) RETURN DISTINCT r } AS n`,
  );
  const byId = new Map(load.map((r) => [r.id, r.n]));
  const ours = volunteers.map((v) => byId.get(localId(v.personId!)) ?? 0);
  const naive = volunteers.map((_, v) => needs.filter((n) => n.naiveBroker === v).length);
  const waits = await neo4j.readRows<{ ms: number }>(
    `MATCH (r:IntroRequest)-[:HAS_EVENT]->(w:IntroEvent {kind: 'WAITING'})
     WITH r, w, head(COLLECT { MATCH (r)-[:HAS_EVENT]->(e:IntroEvent) WHERE e.seq > w.seq AND e.kind IN ['ASKED', 'WITHDRAWN', 'EXPIRED'] RETURN e.at ORDER BY e.seq LIMIT 1 }) AS until
     RETURN coalesce(until, datetime()).epochMillis - w.at.epochMillis AS ms`,
  );
  const medianWait = waits.length ? median(waits.map((w) => w.ms / 1000)) : 0;
  const still = await neo4j.readRows<{ n: number }>('RETURN COUNT { ()-[:WAITS_FOR]->() } AS n');

  const giniOurs = gini(ours);
  const giniNaive = gini(naive);
  const result = {
    seed,
    volunteers: VOLUNTEERS,
    members: MEMBERS,
    needs: needs.length,
    requestsMade: needs.reduce((n, x) => n + x.requests.length, 0),
    refusedRequests: refused,
    refusedBy: Object.fromEntries(refusedBy),
    repeatWarningsConfirmed: repeats,
    unansweredMarks: marked[0].n,
    noPath,
    runSeconds: round(seconds),
    capacity: { observations, breaches },
    identitiesShownBeforeConsent: shownBeforeConsent,
    asksPerBroker: { ours, naive, capacity },
    gini: { ours: round3(giniOurs), naive: round3(giniNaive), ratio: round3(giniOurs / giniNaive), goal: '≤ 0.5', met: giniOurs / giniNaive <= 0.5 },
    settled: {
      count: settled,
      share: round3(settled / needs.length),
      goal: '≥ 0.6',
      met: settled / needs.length >= 0.6,
      finalStatuses: Object.fromEntries(finals),
      openAtEndWaitOn: openBy,
    },
    waitInLine: { waits: waits.length, medianSeconds: round(medianWait), stillWaitingAtEnd: still[0].n },
  };
  log(JSON.stringify(result, null, 2));
  processes.stop();
  redis.disconnect();
  await app.close();
  log(`written ${writeResult(root, 'fairness', String(values.scale), result)}`);
  process.exit(0);
}

/** Person ids from the API are global ids; the graph holds the local part. */
function localId(globalId: string): string {
  return Buffer.from(globalId, 'base64url').toString('utf8').split(':').slice(1).join(':');
}

function gini(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const n = sorted.length;
  const total = sorted.reduce((a, b) => a + b, 0);
  if (!n || !total) return 0;
  const weighted = sorted.reduce((sum, x, i) => sum + (i + 1) * x, 0);
  return (2 * weighted) / (n * total) - (n + 1) / n;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const round3 = (x: number) => Math.round(x * 1000) / 1000;

main().catch((error: Error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
