import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { signDevToken } from '#libs/auth';
import { AppConfig, ConfigModule } from '#libs/config';
import { GraphModule, MigrationsRunner, Neo4jService, repoRoot } from '#libs/graph';
import { loadNetwork } from './bulk-loader.js';
import { generateNetwork } from './synthetic-network.js';

/**
 * caseload(first: 50) through the API for a coach with 50 members of the path-finder network, each
 * with a work goal: the first call (every member's reach computed by the path engine and cached),
 * then repeated calls reading the cached figures, as a coach would see them all day.
 */
const SCALES: Record<string, { people: number; relationships: number }> = {
  XS: { people: 2_000, relationships: 40_000 },
  S: { people: 10_000, relationships: 200_000 },
  M: { people: 100_000, relationships: 3_000_000 },
};
const GOALS = ['Paramedic', 'Staff nurse', 'Care worker', 'Electrician', 'Software developer', 'Teaching assistant', 'Chef', 'Accountant'];

@Module({ imports: [ConfigModule, GraphModule] })
class BenchModule {}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const round = (x: number) => Math.round(x * 10) / 10;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { scale: { type: 'string', default: 'M' }, members: { type: 'string', default: '50' }, calls: { type: 'string', default: '200' }, seed: { type: 'string', default: '42' } } });
  const scale = SCALES[values.scale!];
  if (!scale) throw new Error(`unknown scale ${values.scale}`);
  const memberCount = Number(values.members);
  const calls = Number(values.calls);
  const seed = Number(values.seed);
  const root = repoRoot();
  const log = (msg: string) => process.stderr.write(`[caseload bench ${values.scale}] ${msg}\n`);

  const app = await NestFactory.createApplicationContext(BenchModule, { logger: ['error', 'warn'] });
  const neo4j = app.get(Neo4jService);
  const config = app.get(AppConfig);
  await app.get(MigrationsRunner).run();
  const marker = await neo4j.readRows<{ n: number }>('MATCH (m:BenchMeta {people: $people, seed: $seed}) RETURN count(m) AS n', { people: scale.people, seed });
  if (marker[0].n === 0) {
    log('loading the path-finder network first');
    const net = generateNetwork(scale.people, scale.relationships, seed, root);
    const load = await loadNetwork(neo4j, net, log);
    await neo4j.writeRows('CREATE (:BenchMeta {people: $people, seed: $seed, relationships: $rels, loadSeconds: $secs})', { people: scale.people, seed, rels: net.edgeFrom.length, secs: load.seconds });
  }
  // Members: accounts with contacts, spread over the id range.
  const members = (
    await neo4j.readRows<{ id: string }>(
      `MATCH (a:Person:Account) WHERE a.id STARTS WITH 'b-' AND COUNT { (a)-[:KNOWS]->() } > 0
       RETURN a.id AS id ORDER BY a.id LIMIT toInteger($n)`,
      { n: memberCount },
    )
  ).map((r) => r.id);
  const cleanUp = async () => {
    await neo4j.writeRows(`MATCH (c:Person {id: $coach}) OPTIONAL MATCH (c)-[:WROTE]->(n:CoachNote) DETACH DELETE n, c`, { coach: coachId });
    await neo4j.writeRows(
      `UNWIND $members AS mid MATCH (m:Person {id: mid})
       OPTIONAL MATCH (m)-[:WANTS]->(g:WorkGoal) DETACH DELETE g
       WITH DISTINCT m REMOVE m.reachToGoalWork, m.reachComputedAt
       WITH m MATCH (n:Nudge {memberId: m.id}) DETACH DELETE n`,
      { members },
    );
  };
  let coachId = '';

  const port = await freePort();
  const runDir = join(root, 'bench', '.data', 'logs');
  mkdirSync(runDir, { recursive: true });
  const children: ChildProcess[] = [];
  const out = openSync(join(runDir, `caseload-api-${values.scale}.log`), 'w');
  children.push(spawn('node', ['dist/apps/api/src/main.js'], { env: { ...process.env, PORT: String(port), MIGRATE_ON_START: 'false', LOG_LEVEL: 'warn', COACH_CAPACITY: '60' }, stdio: ['ignore', out, out] }));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      children.forEach((c) => c.kill('SIGTERM'));
      process.exit(130);
    });
  }
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) break;
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const post = async (token: string, query: string, variables: Record<string, unknown> = {}) => {
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
    const body = (await res.json()) as { data?: Record<string, any>; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 500));
    return body.data!;
  };
  const coachToken = await signDevToken(config.AUTH_JWT_SECRET!, { sub: 'bench-coach', name: 'Bench Coach', roles: ['COACH'] });
  coachId = (await post(coachToken, '{ me { person { id } } }')).me.person.id;
  coachId = Buffer.from(coachId, 'base64url').toString().split(':')[1];

  log(`setting goals for ${members.length} members and putting them on one caseload (not timed)`);
  for (const [i, m] of members.entries()) {
    const token = await signDevToken(config.AUTH_JWT_SECRET!, { sub: m, roles: ['MEMBER'] });
    await post(token, `mutation($g: [WorkGoalInput!]!) { setWorkGoals(goals: $g) { work } }`, { g: [{ work: GOALS[i % GOALS.length] }] });
  }
  const toGlobal = (id: string) => Buffer.from(`Person:${id}`).toString('base64url');
  await neo4j.writeRows(`UNWIND $members AS mid MATCH (m:Person {id: mid}) REMOVE m.reachToGoalWork, m.reachComputedAt`, { members });
  for (const m of members) await post(coachToken, `mutation($m: ID!, $c: ID!) { assignCoach(memberId: $m, coachId: $c) { stalled } }`, { m: toGlobal(m), c: toGlobal(coachId) });
  // assignCoach returns progress, which computed and cached each member's reach: clear it for a cold first call.
  await neo4j.writeRows(`UNWIND $members AS mid MATCH (m:Person {id: mid}) REMOVE m.reachToGoalWork, m.reachComputedAt`, { members });

  const QUERY = `query { caseload(first: 50) { load members { totalCount edges { node { member { displayName } networkSize networkGrowth30d reachToGoalWork reachComputedAt introsRequested introsMade meetings outcomes lastActivityAt stalled } } } } }`;
  let t = performance.now();
  const cold = await post(coachToken, QUERY);
  const coldMs = performance.now() - t;
  const reachSum = cold.caseload.members.edges.reduce((s: number, e: any) => s + e.node.reachToGoalWork, 0);
  log(`cold (reach computed for ${cold.caseload.members.edges.length} members): ${round(coldMs)} ms; total reach ${reachSum}`);
  const warm: number[] = [];
  for (let i = 0; i < calls; i++) {
    t = performance.now();
    await post(coachToken, QUERY);
    warm.push(performance.now() - t);
  }
  log(`warm (cached reach): p50 ${round(pct(warm, 50))} ms, p99 ${round(pct(warm, 99))} ms over ${calls} calls`);

  children.forEach((c) => c.kill('SIGTERM'));
  await cleanUp();
  await app.close();
  const result = {
    scale: values.scale,
    members: members.length,
    coldMs: round(coldMs),
    warm: { calls, p50: round(pct(warm, 50)), p99: round(pct(warm, 99)) },
    reachMaxAgeSeconds: config.COACH_REACH_MAX_AGE_SECONDS,
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    at: new Date().toISOString(),
  };
  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  writeFileSync(join(root, 'bench', 'results', `caseload-${values.scale}.json`), `${JSON.stringify(result, null, 2)}\n`);
  log(`written bench/results/caseload-${values.scale}.json`);
  process.exit(0);
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
