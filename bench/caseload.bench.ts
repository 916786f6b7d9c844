import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { signDevToken } from '#libs/auth';
import { repoRoot } from '#libs/graph';
import { BenchProcesses, openBenchGraph, freePort, graphql, pct, round, scaleOf, waitForApi, writeResult } from './bench-support.js';

/**
 * caseload(first: 50) through the API for a coach with 50 members of the path-finder network, each
 * with a work goal: the first call (every member's reach computed by the path engine and cached),
 * then repeated calls reading the cached figures, as a coach would see them all day.
 */
const GOALS = ['Paramedic', 'Staff nurse', 'Care worker', 'Electrician', 'Software developer', 'Teaching assistant', 'Chef', 'Accountant'];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: 'M' },
      members: { type: 'string', default: '50' },
      calls: { type: 'string', default: '200' },
      seed: { type: 'string', default: '42' },
    },
  });
  const scale = scaleOf(values.scale);
  const memberCount = Number(values.members);
  const calls = Number(values.calls);
  const seed = Number(values.seed);
  const root = repoRoot();
  const log = (msg: string) => process.stderr.write(`[caseload bench ${values.scale}] ${msg}\n`);

  const { app, neo4j, config } = await openBenchGraph(scale, seed, root, log);
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
  const processes = new BenchProcesses(root);
  processes.start('api', `caseload-api-${values.scale}`, { PORT: String(port), LOG_LEVEL: 'warn', COACH_CAPACITY: '60' });
  await waitForApi(port);
  const post = (token: string, query: string, variables: Record<string, unknown> = {}) => graphql(port, token, query, variables);
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
  const adminToken = await signDevToken(config.AUTH_JWT_SECRET!, { sub: 'bench-admin', name: 'Bench Admin', roles: ['ADMIN'] });
  for (const m of members)
    await post(adminToken, `mutation($m: ID!, $c: ID!) { assignCoach(memberId: $m, coachId: $c) { stalled } }`, { m: toGlobal(m), c: toGlobal(coachId) });
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

  processes.stop();
  await cleanUp();
  await app.close();
  const written = writeResult(root, 'caseload', values.scale, {
    scale: values.scale,
    members: members.length,
    coldMs: round(coldMs),
    warm: { calls, p50: round(pct(warm, 50)), p99: round(pct(warm, 99)) },
    reachMaxAgeSeconds: config.COACH_REACH_MAX_AGE_SECONDS,
  });
  log(`written ${written}`);
  process.exit(0);
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
