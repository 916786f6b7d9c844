import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { QueueName } from '#libs/queue';
import { freePort, spawnApp, stopProcess, waitForHealth } from './processes.js';
import { TEST_JWT_SECRET, testRun } from './test-env.js';

/**
 * A private API + worker + Redis on the suite's Neo4j, for tests that kill processes, restart
 * Redis or compress time by configuration without disturbing the suites sharing the main stack.
 */
export interface Stack {
  apiUrl: string;
  redisUrl: string;
  outboxDir: string;
  prefix: string;
  workerPid: () => number;
  startWorker: (extraEnv?: Record<string, string>) => Promise<number>;
  stopWorker: (signal: NodeJS.Signals, ms?: number) => Promise<boolean>;
  restartRedis: () => Promise<void>;
  queue: (name: QueueName) => Queue;
  stop: () => Promise<void>;
}

export async function startStack(name: string, env: Record<string, string>): Promise<Stack> {
  const dir = join(testRun().runDir, `stack-${name}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'redis'), { recursive: true });
  const redisPort = await freePort();
  const redisUrl = `redis://127.0.0.1:${redisPort}`;
  let redis = await startRedis(dir, redisPort);
  const prefix = `backr-${name}`;
  const outboxDir = join(dir, 'outbox');
  const port = await freePort();
  const baseEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    NEO4J_URI: testRun().neo4jUri,
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
  const startWorker = async (extraEnv: Record<string, string> = {}) => {
    worker = spawnApp('worker', { ...baseEnv, ...extraEnv }, join(dir, 'worker.log'));
    await waitForWorker(apiUrl, worker.pid!);
    return worker.pid!;
  };
  await startWorker();
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null, lazyConnect: true });
  connection.on('error', () => undefined); // refused connections while Redis restarts are expected
  const queues = new Map<QueueName, Queue>();
  return {
    apiUrl,
    redisUrl,
    outboxDir,
    prefix,
    workerPid: () => worker!.pid!,
    startWorker,
    stopWorker: (signal, ms = 45_000) => stopProcess(worker!.pid!, signal, ms),
    restartRedis: async () => {
      spawnSync('redis-cli', ['-p', String(redisPort), 'shutdown'], { stdio: 'ignore' });
      await stopProcess(redis.pid!, 'SIGTERM', 10_000);
      redis = await startRedis(dir, redisPort);
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
    },
  };
}

async function startRedis(dir: string, port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--bind', '127.0.0.1', '--port', String(port), '--dir', join(dir, 'redis'), '--appendonly', 'yes', '--appendfsync', 'everysec',
      '--maxmemory-policy', 'noeviction', '--save', '', '--daemonize', 'no', '--logfile', join(dir, 'redis.log')],
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
