import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { signDevToken } from '#libs/auth';
import { AppConfig, ConfigModule } from '#libs/config';
import { GraphModule, repoRoot } from '#libs/graph';
import { PathIndexModule, PathIndexService } from '#libs/path-index';
import { PathsModule, PathsService } from '#libs/paths';
import { personId } from './bulk-loader.js';
import { InMemoryPaths } from './in-memory-reference.js';
import { BenchProcesses, freePort, graphql, INTRO_PATHS_QUERY, pct, SCALES, waitForApi, warmUp } from './bench-support.js';
import { generateNetwork, rng, zipfSampler } from './synthetic-network.js';

/**
 * Where a path query's time goes, for whoever works on it next (a diagnostic: it records no result).
 *   npm run bench:profile-paths -- --scale S [--queries 300] [--warmup 60] [--cpu-profile FILE] [--http [--baseline DIR]]
 * On a graph bench:paths loaded: PathsService.introPaths in this process (the index, with its Neo4j
 * reads) against the in-memory reference, side by side; with --cpu-profile, the same queries again
 * under the V8 profiler (open FILE in Chrome's DevTools); with --http, an API process answering the
 * same queries, and `me` between them (what any request costs); with both, a CPU profile of the API over
 * those requests too (FILE.api.cpuprofile); with --baseline DIR, the API of another built checkout
 * answers the same questions in turn with this one's.
 */
@Module({ imports: [ConfigModule, GraphModule, PathsModule, PathIndexModule] })
class ProfileModule {}

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const log = (msg: string) => process.stderr.write(`[profile] ${msg}\n`);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: 'S' },
      queries: { type: 'string', default: '300' },
      'cpu-profile': { type: 'string' },
      http: { type: 'boolean', default: false },
      /** Another checkout (built, e.g. at an earlier commit): its API answers beside this one's. */
      baseline: { type: 'string' },
      /** Seconds of other questions first, in this process and (with --http) through the API. */
      warmup: { type: 'string', default: '60' },
    },
  });
  if (values['cpu-profile'] && values.baseline) throw new Error('--cpu-profile with --baseline would slow one of the two APIs only: run them apart');
  const scale = SCALES[values.scale];
  if (!scale) throw new Error(`unknown scale ${values.scale}; use one of ${Object.keys(SCALES).join(', ')}`);
  const net = generateNetwork(scale.people, scale.relationships, 42, repoRoot());
  const rnd = rng(43);
  const zipf = zipfSampler(net.codes.length, 1.1, rnd);
  const members = [...new Set<number>(net.edgeFrom)];
  const qs = Array.from({ length: Number(values.queries) }, () => ({ viewer: members[Math.floor(rnd() * members.length)], code: zipf.sample() }));

  // The index is started by hand once the context is up (as bench:paths does).
  process.env.PATH_INDEX = 'off';
  const app = await NestFactory.createApplicationContext(ProfileModule, { logger: ['error', 'warn'] });
  const index = app.get(PathIndexService);
  index.start();
  log('building the index');
  while (index.status().state !== 'ready') await new Promise((r) => setTimeout(r, 250));
  const paths = app.get(PathsService);
  const reference = new InMemoryPaths(net);
  const run = (q: { viewer: number; code: number }) =>
    paths.introPaths(
      { sub: personId(q.viewer), personId: personId(q.viewer), roles: ['MEMBER'] },
      { occupationCode: net.codes[q.code], maxHops: 3, first: 10 },
    );
  const warmQuestion = () => ({ viewer: members[Math.floor(rnd() * members.length)], code: zipf.sample() });
  await warmUp(Number(values.warmup), () => run(warmQuestion()), log);
  const inProcessMs: number[] = [];
  const referenceMs: number[] = [];
  for (const q of qs) {
    let t = process.hrtime.bigint();
    await run(q);
    inProcessMs.push(ms(t));
    t = process.hrtime.bigint();
    reference.query(q.viewer, q.code, 10);
    referenceMs.push(ms(t));
  }
  log(`in this process: p50 ${pct(inProcessMs, 50).toFixed(2)} ms; the reference ${pct(referenceMs, 50).toFixed(2)} ms (${qs.length} queries)`);

  const file = values['cpu-profile'];
  if (file) {
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
    for (const q of qs) await run(q);
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    log(`CPU profile of the same queries in ${file}`);
  }

  if (values.http) {
    const processes = new BenchProcesses(repoRoot());
    // With --baseline, a second API from another checkout (its own dist) answers the same questions in
    // turn with this one: a change measured side by side on one machine at one time.
    const checkouts = [{ name: 'this checkout', dir: undefined as string | undefined }];
    if (values.baseline) checkouts.push({ name: `baseline ${values.baseline}`, dir: values.baseline });
    const apis: { name: string; port: number; pid: number; pathsMs: number[]; meMs: number[] }[] = [];
    for (const [i, c] of checkouts.entries()) {
      const port = await freePort();
      const child = processes.start(
        'api',
        `profile-api-${values.scale}${i ? '-baseline' : ''}`,
        { PORT: String(port), LOG_LEVEL: 'warn', PATH_INDEX: 'on' },
        c.dir,
      );
      apis.push({ name: c.name, port, pid: child.pid!, pathsMs: [], meMs: [] });
    }
    try {
      for (const { port } of apis) {
        const ready = async () => {
          const health = (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as { pathIndex: { state: string } };
          return health.pathIndex.state === 'ready';
        };
        // The API builds its own index first (about 2.5 minutes at L).
        await waitForApi(port, ready, 10 * 60_000);
      }
      const secret = app.get(AppConfig).AUTH_JWT_SECRET!;
      const tokens = new Map<number, string>();
      const tokenFor = async (viewer: number) => {
        if (!tokens.has(viewer)) tokens.set(viewer, await signDevToken(secret, { sub: personId(viewer), roles: ['MEMBER'] }));
        return tokens.get(viewer)!;
      };
      // Sign-in first (it provisions accounts, a write each).
      for (const q of qs) for (const { port } of apis) await graphql(port, await tokenFor(q.viewer), '{ me { id } }');
      await warmUp(
        Number(values.warmup),
        async () => {
          const q = qs[Math.floor(rnd() * qs.length)];
          const code = net.codes[zipf.sample()];
          for (const { port } of apis) {
            await graphql(port, await tokenFor(q.viewer), INTRO_PATHS_QUERY, { code });
            await graphql(port, await tokenFor(q.viewer), '{ me { id } }');
          }
        },
        log,
      );
      const apiProfiler = file ? await ApiProfiler.attach(apis[0].pid) : null;
      for (const [n, q] of qs.entries()) {
        const token = await tokenFor(q.viewer);
        // Each API goes first on every other question.
        for (const api of n % 2 ? [...apis].reverse() : apis) {
          let t = process.hrtime.bigint();
          await graphql(api.port, token, INTRO_PATHS_QUERY, { code: net.codes[q.code] });
          api.pathsMs.push(ms(t));
          t = process.hrtime.bigint();
          await graphql(api.port, token, '{ me { id } }');
          api.meMs.push(ms(t));
        }
      }
      for (const api of apis) log(`over HTTP (${api.name}): introPaths p50 ${pct(api.pathsMs, 50).toFixed(2)} ms, me p50 ${pct(api.meMs, 50).toFixed(2)} ms`);
      if (apis.length === 2) {
        const paired = apis[0].pathsMs.map((a, i) => a / apis[1].pathsMs[i]);
        log(
          `introPaths, this checkout against the baseline: ${(pct(apis[0].pathsMs, 50) / pct(apis[1].pathsMs, 50)).toFixed(3)} (p50s), ${pct(paired, 50).toFixed(3)} (median of each question's ratio)`,
        );
      }
      if (apiProfiler && file) {
        const apiFile = file.replace(/(\.cpuprofile)?$/, '.api.cpuprofile');
        writeFileSync(apiFile, JSON.stringify(await apiProfiler.stop()));
        log(`CPU profile of the API over the same requests in ${apiFile}`);
      }
    } finally {
      processes.stop();
    }
  }
  await app.close();
}

/** The API's V8 profiler, reached through its inspector (opened by SIGUSR1, on 127.0.0.1:9229). */
class ApiProfiler {
  private next = 1;
  private readonly waiting = new Map<number, (result: unknown) => void>();

  private constructor(private readonly ws: WebSocket) {
    ws.onmessage = (event) => {
      const msg = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
      if (msg.id !== undefined) this.waiting.get(msg.id)?.(msg.result);
    };
  }

  static async attach(pid: number): Promise<ApiProfiler> {
    process.kill(pid, 'SIGUSR1');
    for (let i = 0; ; i++) {
      try {
        const [target] = (await (await fetch('http://127.0.0.1:9229/json/list')).json()) as { webSocketDebuggerUrl: string }[];
        const ws = new WebSocket(target.webSocketDebuggerUrl);
        await new Promise((resolve, reject) => ((ws.onopen = resolve), (ws.onerror = reject)));
        const profiler = new ApiProfiler(ws);
        await profiler.send('Profiler.enable');
        await profiler.send('Profiler.setSamplingInterval', { interval: 100 });
        await profiler.send('Profiler.start');
        return profiler;
      } catch (error) {
        if (i > 40) throw error;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  }

  async stop(): Promise<unknown> {
    const { profile } = (await this.send('Profiler.stop')) as { profile: unknown };
    this.ws.close();
    return profile;
  }

  private send(method: string, params: object = {}): Promise<unknown> {
    const id = this.next++;
    this.ws.send(JSON.stringify({ id, method, params }));
    return new Promise((resolve) => this.waiting.set(id, resolve));
  }
}

void main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
