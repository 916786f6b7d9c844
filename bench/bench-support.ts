import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfig, ConfigModule } from '#libs/config';
import { GraphModule, MigrationsRunner, Neo4jService } from '#libs/graph';
import { loadNetwork } from './bulk-loader.js';
import { generateNetwork } from './synthetic-network.js';

/** What the benchmarks share: scales, statistics, the network they run on, the API they call, where results go. */
export const SCALES: Record<string, { people: number; relationships: number }> = {
  XS: { people: 2_000, relationships: 40_000 },
  S: { people: 10_000, relationships: 200_000 },
  M: { people: 100_000, relationships: 3_000_000 },
  L: { people: 1_000_000, relationships: 30_000_000 },
};

export function scaleOf(name: string | undefined): { people: number; relationships: number } {
  const scale = SCALES[name ?? ''];
  if (!scale) throw new Error(`unknown scale ${name}; use one of ${Object.keys(SCALES).join(', ')}`);
  return scale;
}

export const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
export const round = (x: number) => Math.round(x * 10) / 10;

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Loads the path-finder's synthetic network for this scale and seed unless it is already there (a BenchMeta node marks it). */
export async function ensureNetwork(
  neo4j: Neo4jService,
  scale: { people: number; relationships: number },
  seed: number,
  root: string,
  log: (msg: string) => void,
) {
  const marker = await neo4j.readRows<{ n: number }>('MATCH (m:BenchMeta {people: $people, seed: $seed}) RETURN count(m) AS n', { people: scale.people, seed });
  if (marker[0].n > 0) return null;
  log('loading the path-finder network first');
  const net = generateNetwork(scale.people, scale.relationships, seed, root);
  const load = await loadNetwork(neo4j, net, log);
  await neo4j.writeRows('CREATE (:BenchMeta {people: $people, seed: $seed, relationships: $rels, loadSeconds: $secs})', {
    people: scale.people,
    seed,
    rels: net.edgeFrom.length,
    secs: load.seconds,
  });
  return load;
}

/** Benchmarks measure the service, not the rate limiter: one address and a few accounts send everything. */
const UNLIMITED = {
  RATE_LIMIT_ACCOUNT_PER_MINUTE: '100000000',
  RATE_LIMIT_IP_PER_MINUTE: '100000000',
  RATE_LIMIT_INTRO_PER_HOUR: '100000000',
  RATE_LIMIT_IMPORT_PER_HOUR: '100000000',
};

@Module({ imports: [ConfigModule, GraphModule] })
class BenchGraphModule {}

/** The graph a benchmark runs on: configuration, Neo4j with migrations applied, and the path-finder's network for this scale. */
export async function openBenchGraph(
  scale: { people: number; relationships: number },
  seed: number,
  root: string,
  log: (msg: string) => void,
): Promise<{ app: INestApplicationContext; neo4j: Neo4jService; config: AppConfig }> {
  const app = await NestFactory.createApplicationContext(BenchGraphModule, { logger: ['error', 'warn'] });
  const neo4j = app.get(Neo4jService);
  await app.get(MigrationsRunner).run();
  await ensureNetwork(neo4j, scale, seed, root, log);
  return { app, neo4j, config: app.get(AppConfig) };
}

/** Starts the built API or worker with its output in bench/.data/logs; both are stopped if the benchmark is interrupted. */
export class BenchProcesses {
  private readonly children: ChildProcess[] = [];

  constructor(private readonly root: string) {
    // A bench that fails part-way exits through process.exit: its API and worker go with it.
    process.on('exit', () => this.stop());
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.on(signal, () => {
        this.stop();
        process.exit(130);
      });
    }
  }

  /** Starts an app of this checkout, or of the checkout in `cwd` (its own dist). */
  start(app: 'api' | 'worker', logName: string, env: NodeJS.ProcessEnv, cwd?: string): ChildProcess {
    const dir = join(this.root, 'bench', '.data', 'logs');
    mkdirSync(dir, { recursive: true });
    const out = openSync(join(dir, `${logName}.log`), 'w');
    const child = spawn('node', [`dist/apps/${app}/src/main.js`], {
      env: { ...process.env, MIGRATE_ON_START: 'false', ...UNLIMITED, ...env },
      stdio: ['ignore', out, out],
      cwd,
    });
    this.children.push(child);
    return child;
  }

  stop(): void {
    this.children.forEach((c) => c.kill('SIGTERM'));
  }
}

/** Waits for the API to answer /health (and `alsoReady`); with its process given, fails at once if that process exits. */
export async function waitForApi(port: number, alsoReady: () => Promise<boolean> = async () => true, timeoutMs = 60_000, api?: ChildProcess): Promise<void> {
  for (let i = 0; i < timeoutMs / 250; i++) {
    if (api && (api.exitCode !== null || api.signalCode !== null)) throw new Error(`the API exited while starting (its log is in bench/.data/logs)`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).ok && (await alsoReady())) return;
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the API on port ${port} did not become healthy within ${timeoutMs / 1000} s`);
}

/** The path question bench:paths times (and bench:profile-paths takes apart): ten paths to people doing one unit group's work. */
export const INTRO_PATHS_QUERY = `query($code: ID!) { introPaths(input: { occupationCode: $code, maxHops: 3, first: 10 }) { reachableTargets paths { id hops score explanation steps { label person { displayName } work { title } context strength } } } }`;

/** POSTs a GraphQL request with a bearer token; throws with the errors when there are any. */
export async function graphql(port: number, token: string, query: string, variables: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: Record<string, any>; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 500));
  return body.data!;
}

/**
 * fetch, tried once more when the connection failed before an answer: after this process was busy
 * for seconds (building the reference at L, say), a pooled keep-alive socket the server has since
 * closed is only noticed when a request is written to it.
 */
export async function fetchAgainIfStale(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    return fetch(url, init);
  }
}

/** Writes bench/results/<name>-<scale>.json with the machine it ran on. */
export function writeResult(root: string, name: string, scale: string, result: Record<string, unknown>): string {
  const file = join(root, 'bench', 'results', `${name}-${scale}.json`);
  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  const machine = { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version };
  writeFileSync(file, `${JSON.stringify({ ...result, machine, at: new Date().toISOString() }, null, 2)}\n`);
  return `bench/results/${name}-${scale}.json`;
}

export interface WarmUp {
  seconds: number;
  queries: number;
  /** p50 of each 10-second window: where it flattens, Neo4j's and Node's compilers have caught up. */
  windows: { endSeconds: number; queries: number; p50: number }[];
}

/**
 * Runs `ask` back to back for `seconds` before anything is measured. A JVM that has just started
 * answers Neo4j's simplest query in 2-3 ms, while it compiles its hot code, and in about 0.4 ms after
 * some 15,000 queries; a service that has run for a while is measured, not one that is still warming.
 */
export async function warmUp(seconds: number, ask: () => Promise<unknown>, log: (msg: string) => void): Promise<WarmUp> {
  const windows: WarmUp['windows'] = [];
  const start = performance.now();
  let queries = 0;
  let times: number[] = [];
  let windowEnd = start + 10_000;
  while (performance.now() - start < seconds * 1000) {
    const t = performance.now();
    await ask();
    times.push(performance.now() - t);
    queries++;
    if (performance.now() >= windowEnd) {
      windows.push({ endSeconds: Math.round((windowEnd - start) / 1000), queries: times.length, p50: round(pct(times, 50)) });
      log(`warming up: ${windows.at(-1)!.endSeconds} s, p50 ${windows.at(-1)!.p50} ms over ${times.length} queries`);
      times = [];
      windowEnd += 10_000;
    }
  }
  return { seconds, queries, windows };
}
