import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { runFile, TEST_JWT_SECRET, type TestRun } from './test-env.js';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForHealth(url: string, pid: number, log: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // not up yet
    }
    try {
      process.kill(pid, 0);
    } catch {
      throw new Error(`the API exited during start-up:\n${readFileSync(log, 'utf8').slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the API did not become healthy within 60 s (log: ${log})`);
}

/**
 * Starts a real Neo4j and Redis on free ports (scripts/services.sh), applies migrations, and
 * starts the API and the worker as child processes for the end-to-end suites.
 */
export default async function globalSetup(): Promise<void> {
  const root = process.cwd();
  const runDir = join(root, '.run', `test-${process.pid}`);
  mkdirSync(runDir, { recursive: true });
  const started = spawnSync('bash', ['scripts/services.sh', 'start', runDir], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (started.status !== 0) throw new Error('could not start Neo4j and Redis for the tests (see the output above)');
  const neo4jUri = `bolt://127.0.0.1:${readFileSync(join(runDir, 'neo4j.port'), 'utf8').trim()}`;
  const redisUrl = `redis://127.0.0.1:${readFileSync(join(runDir, 'redis.port'), 'utf8').trim()}`;
  const port = await freePort();
  const env = {
    ...process.env,
    NODE_ENV: 'test',
    NEO4J_URI: neo4jUri,
    REDIS_URL: redisUrl,
    AUTH_JWT_SECRET: TEST_JWT_SECRET,
    PORT: String(port),
    QUEUE_PREFIX: 'backr-test',
    LOG_LEVEL: 'warn',
  };
  Object.assign(process.env, { NEO4J_URI: neo4jUri, REDIS_URL: redisUrl, AUTH_JWT_SECRET: TEST_JWT_SECRET, NODE_ENV: 'test', QUEUE_PREFIX: 'backr-test', LOG_LEVEL: 'warn' });

  const migrated = spawnSync('node', ['dist/apps/api/src/migrate.js'], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  if (migrated.status !== 0) throw new Error('migrations failed');

  const apiLog = join(runDir, 'api.log');
  const api = spawn('node', ['dist/apps/api/src/main.js'], { env: { ...env, MIGRATE_ON_START: 'false' }, stdio: ['ignore', openSync(apiLog, 'a'), openSync(apiLog, 'a')], detached: true });
  const workerLog = join(runDir, 'worker.log');
  const worker = spawn('node', ['dist/apps/worker/src/main.js'], { env, stdio: ['ignore', openSync(workerLog, 'a'), openSync(workerLog, 'a')], detached: true });
  api.unref();
  worker.unref();
  const apiUrl = `http://127.0.0.1:${port}`;
  await waitForHealth(apiUrl, api.pid!, apiLog);
  const run: TestRun = { runDir, apiUrl, neo4jUri, redisUrl, apiPid: api.pid!, workerPid: worker.pid! };
  writeFileSync(runFile(root), JSON.stringify(run, null, 2));
}
