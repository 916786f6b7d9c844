import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { QueueName } from '#libs/queue';
import { freePort, spawnApp, stopProcess, waitForHealth } from './processes.js';
import { TEST_JWT_SECRET, testRun } from './test-env.js';

/**
 * A private API + worker + Redis on the suite's Neo4j (or, with ownNeo4j, on a Neo4j of its own),
 * for tests that kill processes, restart Redis or Neo4j, or compress time by configuration
 * without disturbing the suites sharing the main stack.
 */
export interface Stack {
  apiUrl: string;
  apiPid: number;
  redisUrl: string;
  neo4jUri: string;
  outboxDir: string;
  /** Every worker the stack starts appends its output here. */
  workerLog: string;
  prefix: string;
  workerPid: () => number;
  startWorker: (extraEnv?: Record<string, string>) => Promise<number>;
  stopWorker: (signal: NodeJS.Signals, ms?: number) => Promise<boolean>;
  /** Shuts Redis down (AOF kept), leaves it down for `downMs`, and starts it on the same port. */
  restartRedis: (downMs?: number) => Promise<void>;
  /** Only with ownNeo4j: stops the stack's Neo4j (SIGTERM, a clean shutdown) and starts it again on the same port and data. */
  stopNeo4j: () => Promise<void>;
  startNeo4j: () => Promise<void>;
  queue: (name: QueueName) => Queue;
  stop: () => Promise<void>;
}

export interface StackOptions {
  /** Start a small Neo4j for this stack alone (migrated), which the test may stop and start. */
  ownNeo4j?: boolean;
}

export async function startStack(name: string, env: Record<string, string>, options: StackOptions = {}): Promise<Stack> {
  const dir = join(testRun().runDir, `stack-${name}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'redis'), { recursive: true });
  try {
    return await launch(dir, name, env, options);
  } catch (error) {
    // A JVM left behind would outlive the suite (the global teardown only knows the shared services).
    if (options.ownNeo4j) await stopNeo4j(dir).catch(() => undefined);
    throw error;
  }
}

async function launch(dir: string, name: string, env: Record<string, string>, options: StackOptions): Promise<Stack> {
  let neo4jUri = testRun().neo4jUri;
  if (options.ownNeo4j) {
    await startNeo4j(dir);
    neo4jUri = `bolt://127.0.0.1:${readFileSync(join(dir, 'neo4j.port'), 'utf8').trim()}`;
    const migrated = await run(process.execPath, ['dist/apps/api/src/migrate.js'], { ...process.env, NEO4J_URI: neo4jUri }, join(dir, 'migrate.log'));
    if (migrated !== 0) throw new Error(`migrations failed on the stack's Neo4j (log: ${join(dir, 'migrate.log')})`);
  }
  const redisPort = await freePort();
  const redisUrl = `redis://127.0.0.1:${redisPort}`;
  let redis = await startRedis(dir, redisPort);
  const prefix = `backr-${name}`;
  const outboxDir = join(dir, 'outbox');
  const port = await freePort();
  const baseEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    NEO4J_URI: neo4jUri,
    REDIS_URL: redisUrl,
    AUTH_JWT_SECRET: TEST_JWT_SECRET,
    PORT: String(port),
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: 'warn',
    OUTBOX_DIR: outboxDir,
    MIGRATE_ON_START: 'false',
    ...env,
  };
  const apiLog = join(dir, 'api.log');
  const api = spawnApp('api', baseEnv, apiLog);
  const apiUrl = `http://127.0.0.1:${port}`;
  await waitForHealth(apiUrl, api.pid!, apiLog);
  let worker: ChildProcess | null = null;
  const workerLog = join(dir, 'worker.log');
  const startWorker = async (extraEnv: Record<string, string> = {}) => {
    worker = spawnApp('worker', { ...baseEnv, ...extraEnv }, workerLog);
    await waitForWorker(apiUrl, worker.pid!);
    return worker.pid!;
  };
  await startWorker();
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null, lazyConnect: true });
  connection.on('error', () => undefined); // refused connections while Redis restarts are expected
  const queues = new Map<QueueName, Queue>();
  return {
    apiUrl,
    apiPid: api.pid!,
    redisUrl,
    neo4jUri,
    outboxDir,
    workerLog,
    prefix,
    workerPid: () => worker!.pid!,
    startWorker,
    stopWorker: (signal, ms = 45_000) => stopProcess(worker!.pid!, signal, ms),
    restartRedis: async (downMs = 0) => {
      spawnSync('redis-cli', ['-p', String(redisPort), 'shutdown'], { stdio: 'ignore' });
      await stopProcess(redis.pid!, 'SIGTERM', 10_000);
      if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
      redis = await startRedis(dir, redisPort);
    },
    stopNeo4j: async () => {
      if (!options.ownNeo4j) throw new Error('stopNeo4j needs a stack started with ownNeo4j (never stop the shared Neo4j)');
      await stopNeo4j(dir);
    },
    startNeo4j: async () => {
      if (!options.ownNeo4j) throw new Error('startNeo4j needs a stack started with ownNeo4j');
      await startNeo4j(dir);
    },
    queue: (q) => {
      if (!queues.has(q)) {
        const queue = new Queue(q, { connection, prefix });
        queue.on('error', () => undefined);
        queues.set(q, queue);
      }
      return queues.get(q)!;
    },
    stop: async () => {
      await Promise.all([...queues.values()].map((q) => q.close()));
      connection.disconnect();
      await Promise.all([stopProcess(api.pid!, 'SIGTERM', 15_000), worker ? stopProcess(worker.pid!, 'SIGTERM', 35_000) : Promise.resolve(true)]);
      await stopProcess(redis.pid!, 'SIGTERM', 10_000);
      if (options.ownNeo4j) await stopNeo4j(dir);
    },
  };
}

/** Runs a command to its end without blocking the event loop (load keeps flowing meanwhile); resolves its exit code. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv, log: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', openSync(log, 'a'), openSync(log, 'a')] });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

// Small, as several suites share two cores: this Neo4j holds a few thousand nodes at most.
const NEO4J_ENV = { BACKR_NEO4J_HEAP_MB: '384', BACKR_NEO4J_PAGECACHE_MB: '64' };

/** scripts/services.sh start-neo4j: the same port (neo4j.port in `dir`) and data on every start. */
async function startNeo4j(dir: string): Promise<void> {
  const log = join(dir, 'services.log');
  const code = await run('bash', ['scripts/services.sh', 'start-neo4j', dir], { ...process.env, ...NEO4J_ENV }, log);
  if (code !== 0) throw new Error(`the stack's Neo4j did not start (see ${log} and ${join(dir, 'neo4j.log')})`);
}

async function stopNeo4j(dir: string): Promise<void> {
  const code = await run('bash', ['scripts/services.sh', 'stop-neo4j', dir], process.env, join(dir, 'services.log'));
  if (code !== 0) throw new Error(`the stack's Neo4j did not stop (see ${join(dir, 'services.log')})`);
}

async function startRedis(dir: string, port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    [
      '--bind',
      '127.0.0.1',
      '--port',
      String(port),
      '--dir',
      join(dir, 'redis'),
      '--appendonly',
      'yes',
      '--appendfsync',
      'everysec',
      '--maxmemory-policy',
      'noeviction',
      '--save',
      '',
      '--daemonize',
      'no',
      '--logfile',
      join(dir, 'redis.log'),
    ],
    { stdio: 'ignore' },
  );
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout?.trim() === 'PONG') return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Redis did not start on port ${port}`);
}

/** Waits until the worker has written a fresh heartbeat (it is connected and processing). */
async function waitForWorker(apiUrl: string, pid: number): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < 30_000) {
    const body = (await (await fetch(`${apiUrl}/health`)).json()) as { workerLastSeenAt: string | null };
    if (body.workerLastSeenAt && new Date(body.workerLastSeenAt).getTime() >= started - 1000) return;
    try {
      process.kill(pid, 0);
    } catch {
      throw new Error('the worker exited during start-up');
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the worker did not report a heartbeat within 30 s');
}
