import 'reflect-metadata';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { performance, PerformanceObserver } from 'node:perf_hooks';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { signDevToken } from '#libs/auth';
import { AppConfig, ConfigModule } from '#libs/config';
import { GraphModule, MigrationsRunner, Neo4jService, repoRoot } from '#libs/graph';
import { PathIndexModule, PathIndexRepository, PathIndexService } from '#libs/path-index';
import { PathsModule, PathsService } from '#libs/paths';
import { loadNetwork, personId } from './bulk-loader.js';
import { InMemoryPaths } from './in-memory-reference.js';
import { BenchProcesses, fetchAgainIfStale, freePort, INTRO_PATHS_QUERY, pct, SCALES, waitForApi, warmUp } from './bench-support.js';
import { generateNetwork, rng, zipfSampler } from './synthetic-network.js';

const NAIVE = `
MATCH (v:Person {id: $viewerId})
MATCH (v)-[ks:KNOWS*1..3]-(t:Person)
WHERE t <> v AND all(k IN ks WHERE k.recordedBy = $viewerId OR k.lent = true)
  AND EXISTS { MATCH (t)-[:HAS_ROLE]->(r:Role) WHERE r.code = $code AND r.current = true AND (r.lent = true OR r.recordedBy = $viewerId) }
WITH t, reduce(s = 1.0, k IN ks | s * k.strength) AS score, size(ks) AS hops
ORDER BY score DESC, hops
WITH t, head(collect(score)) AS score
RETURN t.id AS id, score ORDER BY score DESC LIMIT 10`;

@Module({ imports: [ConfigModule, GraphModule, PathsModule, PathIndexModule] })
class BenchModule {}

/** Heap and array buffers in use after full collections (node runs with --expose-gc from run.sh); array buffers are freed off-thread, hence the pause. */
async function memoryInUse(): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 3; i++) {
    gc?.();
    await new Promise((r) => setTimeout(r, 200));
  }
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: 'S' },
      queries: { type: 'string', default: '500' },
      naive: { type: 'string', default: '50' },
      seed: { type: 'string', default: '42' },
      /** Seconds of other queries through the API before anything is measured (see warmUp). */
      warmup: { type: 'string', default: '60' },
      /** 'index' (the API's in-memory path index) or 'neo4j' (PATH_INDEX=off: the Neo4j engine). */
      engine: { type: 'string', default: 'index' },
    },
  });
  const scale = SCALES[values.scale];
  if (!scale) throw new Error(`unknown scale ${values.scale}; use one of ${Object.keys(SCALES).join(', ')}`);
  const queries = Number(values.queries);
  const naiveCount = Number(values.naive);
  const seed = Number(values.seed);
  const root = repoRoot();
  const log = (msg: string) => process.stderr.write(`[bench ${values.scale}] ${msg}\n`);

  // This process's own index starts after the graph is loaded (the bulk loader writes no change log).
  process.env.PATH_INDEX = 'off';
  const app = await NestFactory.createApplicationContext(BenchModule, { logger: ['error', 'warn'] });
  const neo4j = app.get(Neo4jService);
  const config = app.get(AppConfig);
  await app.get(MigrationsRunner).run();

  log(`generating ${scale.people} people / ${scale.relationships} relationships (seed ${seed})`);
  const net = generateNetwork(scale.people, scale.relationships, seed, root);
  const marker = await neo4j.readRows<{ n: number }>('MATCH (m:BenchMeta {people: $people, seed: $seed}) RETURN count(m) AS n', { people: scale.people, seed });
  let load: { seconds: number; relsPerSecond: number } | null = null;
  if (marker[0].n === 0) {
    log('loading through batched writes');
    load = await loadNetwork(neo4j, net, log);
    await neo4j.writeRows('CREATE (:BenchMeta {people: $people, seed: $seed, relationships: $rels, loadSeconds: $secs})', {
      people: scale.people,
      seed,
      rels: net.edgeFrom.length,
      secs: load.seconds,
    });
    log(`loaded ${net.edgeFrom.length} relationships in ${load.seconds.toFixed(1)} s (${load.relsPerSecond} rel/s)`);
  } else log('graph already loaded (BenchMeta found)');

  // Queries: random members with contacts, wanted work drawn by popularity.
  const rnd = rng(seed + 1);
  const zipf = zipfSampler(net.codes.length, 1.1, rnd);
  const recordersWithContacts = new Set<number>(net.edgeFrom);
  const members = [...recordersWithContacts];
  const qs = Array.from({ length: queries }, () => ({ viewer: members[Math.floor(rnd() * members.length)], code: zipf.sample() }));

  log('building the path index in-process, for its time and memory');
  const before = await memoryInUse();
  const buildStart = process.hrtime.bigint();
  let built: Awaited<ReturnType<PathIndexRepository['build']>>['graph'] | null = (await app.get(PathIndexRepository).build()).graph;
  // One search, so the search's working memory (allocated on first use) is counted with the index.
  built.search({
    viewerId: personId(qs[0].viewer),
    maxHops: 3,
    codes: [net.codes[qs[0].code]],
    targetId: null,
    titleKeys: [],
    avoid: new Set(),
    rules: app.get(PathsService).rules(),
  });
  const indexBuild = {
    seconds: ms(buildStart) / 1000,
    people: built.people,
    relationships: built.edges.size() / 2,
    bytes: 0,
    arrayBytes: built.arrayBytes(),
    bytesPerRelationship: 0,
    arrayBytesPerRelationship: 0,
    gcExposed: typeof (globalThis as { gc?: unknown }).gc === 'function',
  };
  indexBuild.bytes = (await memoryInUse()) - before;
  indexBuild.bytesPerRelationship = indexBuild.bytes / indexBuild.relationships;
  indexBuild.arrayBytesPerRelationship = indexBuild.arrayBytes / indexBuild.relationships;
  // Dropped so the rest of the run does not hold a second copy of the graph in memory.
  // eslint-disable-next-line no-useless-assignment
  built = null;
  log(
    `index: ${indexBuild.seconds.toFixed(1)} s, ${indexBuild.bytesPerRelationship.toFixed(1)} bytes per relationship (${indexBuild.arrayBytesPerRelationship.toFixed(1)} in typed arrays)`,
  );

  const port = await freePort();
  const processes = new BenchProcesses(root);
  const api = processes.start('api', `api-${values.scale}`, { PORT: String(port), LOG_LEVEL: 'info', PATH_INDEX: values.engine === 'neo4j' ? 'off' : 'on' });
  const url = `http://127.0.0.1:${port}/graphql`;
  // At L the machine is busy for minutes after this process's own build: wait as long as it takes to listen.
  await waitForApi(port, undefined, 10 * 60_000, api);
  log('API listening');
  // The API answers from Neo4j while its index builds: wait for the index, and note how long it took there.
  let apiIndex: { lastBuildMs: number | null; people: number; halfEdges: number } | null = null;
  if (values.engine !== 'neo4j') {
    for (;;) {
      // Building at L holds the API's event loop for seconds at a time: a kept-alive connection may be
      // closed under a request (fetchAgainIfStale sends it again).
      const health = (await (await fetchAgainIfStale(`http://127.0.0.1:${port}/health`, {})).json()) as {
        pathIndex: { state: string; lastBuildMs: number | null; people: number; halfEdges: number };
      };
      if (health.pathIndex.state === 'ready') {
        apiIndex = health.pathIndex;
        break;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    log(`API index ready (built in ${apiIndex.lastBuildMs} ms there)`);
  }
  const tokens = new Map<number, string>();
  const tokenFor = async (v: number) => {
    if (!tokens.has(v)) tokens.set(v, await signDevToken(config.AUTH_JWT_SECRET!, { sub: personId(v), roles: ['MEMBER'] }));
    return tokens.get(v)!;
  };
  const ask = async (q: { viewer: number; code: number }) => {
    const res = await fetchAgainIfStale(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor(q.viewer)}` },
      body: JSON.stringify({ query: INTRO_PATHS_QUERY, variables: { code: net.codes[q.code] } }),
    });
    const body = (await res.json()) as { data?: { introPaths: { reachableTargets: number; paths: { score: number }[] } }; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 500));
    return body.data!.introPaths;
  };

  // A member's first request provisions their account (a write, and a path change their next search
  // waits for). That is sign-up, not the path search measured here: every viewer signs in first.
  const viewers = [...new Set(qs.map((q) => q.viewer))];
  log(`signing in ${viewers.length} viewers`);
  for (const v of viewers) {
    const res = await fetchAgainIfStale(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor(v)}` },
      body: JSON.stringify({ query: '{ me { id } }' }),
    });
    if (!res.ok) throw new Error(`sign-in failed: ${res.status}`);
  }
  if (values.engine !== 'neo4j') {
    const seq = await app.get(PathIndexService).latestSeq();
    for (;;) {
      const health = (await (await fetchAgainIfStale(`http://127.0.0.1:${port}/health`, {})).json()) as { pathIndex: { appliedSeq: number } };
      if (health.pathIndex.appliedSeq >= seq) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  // Other members' questions (the same signed-in members, other work), so no measured query was asked before.
  const warmRnd = rng(seed + 2);
  const warmZipf = zipfSampler(net.codes.length, 1.1, warmRnd);
  const warm = await warmUp(Number(values.warmup), () => ask({ viewer: viewers[Math.floor(warmRnd() * viewers.length)], code: warmZipf.sample() }), log);

  log(`building the in-memory reference`);
  const reference = new InMemoryPaths(net);

  log(`running ${queries} queries through the API, and the in-memory reference side by side`);
  const apiMs: number[] = [];
  const refMs: number[] = [];
  let mismatches = 0;
  const mismatchExamples: unknown[] = [];
  // This process holds the generated network and the reference: its own garbage collection, when it
  // falls inside an API request's timing, is counted apart (clientGc) so it can be told from the API's time.
  const windows: [number, number][] = [];
  const gcs: [number, number][] = [];
  const gcObserver = new PerformanceObserver((list) => list.getEntries().forEach((e) => gcs.push([e.startTime, e.startTime + e.duration])));
  gcObserver.observe({ entryTypes: ['gc'] });
  for (const q of qs) {
    let t = process.hrtime.bigint();
    const started = performance.now();
    const got = await ask(q);
    apiMs.push(ms(t));
    windows.push([started, performance.now()]);
    t = process.hrtime.bigint();
    const want = reference.query(q.viewer, q.code, 10);
    refMs.push(ms(t));
    // The API shows scores to three decimals.
    const scoresAgree = got.paths.every((p, i) => Math.abs(p.score - Math.round(want.top[i] * 1000) / 1000) < 1e-9);
    if (got.reachableTargets !== want.reachable || got.paths.length !== want.top.length || !scoresAgree) {
      mismatches++;
      if (mismatchExamples.length < 3) {
        mismatchExamples.push({
          viewer: personId(q.viewer),
          code: net.codes[q.code],
          reachable: [got.reachableTargets, want.reachable],
          top: [got.paths.map((p) => p.score), want.top],
        });
      }
    }
  }

  gcObserver.disconnect();
  const gcInside = windows.map(([a, b]) => gcs.reduce((sum, [x, y]) => sum + Math.max(0, Math.min(b, y) - Math.max(a, x)), 0));
  const clientGc = {
    queriesTouched: gcInside.filter((g) => g > 0).length,
    msInsideApiTimings: Math.round(gcInside.reduce((a, b) => a + b, 0)),
    apiP50WithoutTouchedQueries: pct(
      apiMs.filter((_, i) => gcInside[i] === 0),
      50,
    ),
  };
  log(`this process's garbage collection inside API timings: ${JSON.stringify(clientGc)}`);

  log('db hits per query (PROFILE of every query the Neo4j engine runs, in-process), and that engine timed in-process');
  const paths = app.get(PathsService);
  paths.engine = 'neo4j';
  neo4j.profileReads(true);
  const hits: number[] = [];
  for (const q of qs.slice(0, 100)) {
    const before = neo4j.dbHits;
    await paths.introPaths(
      { sub: personId(q.viewer), personId: personId(q.viewer), roles: ['MEMBER'] },
      { occupationCode: net.codes[q.code], maxHops: 3, first: 10 },
    );
    hits.push(neo4j.dbHits - before);
  }
  neo4j.profileReads(false);
  // The same queries in-process: the Neo4j engine, then this process's own index (same service, same
  // describing reads), compared in full (every path's people and score) with the Neo4j engine as oracle.
  const neo4jEngineMs: number[] = [];
  const indexInProcessMs: number[] = [];
  let oracleMismatches = 0;
  const index = app.get(PathIndexService);
  index.start();
  while (index.status().state !== 'ready') await new Promise((r) => setTimeout(r, 250));
  const same = (r: Awaited<ReturnType<PathsService['introPaths']>>) => ({
    reachable: r.reachableTargets,
    paths: r.paths.map((p) => ({ steps: p.steps.map((st) => st.label), score: p.score })),
  });
  for (const q of qs.slice(0, 100)) {
    const viewer = { sub: personId(q.viewer), personId: personId(q.viewer), roles: ['MEMBER' as const] };
    const input = { occupationCode: net.codes[q.code], maxHops: 3, first: 10 };
    paths.engine = 'neo4j';
    let t = process.hrtime.bigint();
    const oracle = await paths.introPaths(viewer, input);
    neo4jEngineMs.push(ms(t));
    paths.engine = 'auto';
    t = process.hrtime.bigint();
    const fromIndex = await paths.introPaths(viewer, input);
    indexInProcessMs.push(ms(t));
    if (JSON.stringify(same(oracle)) !== JSON.stringify(same(fromIndex))) oracleMismatches++;
  }

  log(`naive Cypher (every path of up to 3 hops, sorted) on the first ${naiveCount} queries, with the engine alongside`);
  const naiveMs: number[] = [];
  const engineMs: number[] = [];
  let naiveTimeouts = 0;
  for (const q of qs.slice(0, naiveCount)) {
    let t = process.hrtime.bigint();
    await ask(q);
    engineMs.push(ms(t));
    t = process.hrtime.bigint();
    try {
      await neo4j.driver.executeQuery(
        NAIVE,
        { viewerId: personId(q.viewer), code: net.codes[q.code] },
        { database: config.NEO4J_DATABASE, transactionConfig: { timeout: 60_000 } },
      );
      naiveMs.push(ms(t));
    } catch {
      naiveTimeouts++;
      naiveMs.push(60_000);
    }
  }

  processes.stop();
  await app.close();
  const result = {
    scale: values.scale,
    people: scale.people,
    relationships: net.edgeFrom.length,
    load,
    queries,
    engine: values.engine,
    indexBuild,
    apiIndex,
    warmUp: warm,
    api: { p50: pct(apiMs, 50), p99: pct(apiMs, 99) },
    clientGc,
    neo4jEngineInProcess: { queries: neo4jEngineMs.length, p50: pct(neo4jEngineMs, 50), p99: pct(neo4jEngineMs, 99) },
    indexInProcess: {
      queries: indexInProcessMs.length,
      p50: pct(indexInProcessMs, 50),
      p99: pct(indexInProcessMs, 99),
      oracleMismatches,
      servedFromIndex: index.status().served,
    },
    dbHits: { p50: pct(hits, 50), p99: pct(hits, 99), mean: Math.round(hits.reduce((a, b) => a + b, 0) / hits.length) },
    reference: { p50: pct(refMs, 50), p99: pct(refMs, 99) },
    referenceMismatches: mismatches,
    mismatchExamples,
    naive: {
      queries: naiveCount,
      p50: pct(naiveMs, 50),
      p99: pct(naiveMs, 99),
      timeouts: naiveTimeouts,
      engineP50SameQueries: pct(engineMs, 50),
      // The API's answers to the same questions in the measured run above, with no naive query before
      // each: alongside, each API answer follows a naive query that left Neo4j busy (at L, 5x slower).
      apiP50SameQueriesMeasuredRun: pct(apiMs.slice(0, naiveCount), 50),
    },
    ratios: {
      naiveOverEngineP50: pct(naiveMs, 50) / pct(engineMs, 50),
      naiveOverApiMeasuredRunP50: pct(naiveMs, 50) / pct(apiMs.slice(0, naiveCount), 50),
      apiOverReferenceP50: pct(apiMs, 50) / pct(refMs, 50),
      neo4jEngineOverApiP50: pct(neo4jEngineMs, 50) / pct(apiMs, 50),
    },
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    command: `npm run bench:paths -- --scale ${values.scale} --queries ${queries} --naive ${naiveCount} --seed ${seed} --engine ${values.engine} --warmup ${values.warmup}`,
    at: new Date().toISOString(),
  };
  const out = join(root, 'bench', 'results');
  if (!existsSync(out)) mkdirSync(out, { recursive: true });
  writeFileSync(join(out, `paths-${values.scale}${values.engine === 'neo4j' ? '-neo4j' : ''}.json`), `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
