import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, spawnApp, waitForHealth } from './processes.js';
import { runFile, TEST_JWT_SECRET, type TestRun } from './test-env.js';

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
    OUTBOX_DIR: join(runDir, 'outbox'),
    // The shared stack serves every suite from one address and a few accounts at full speed; the
    // limits themselves are tested on a private stack (limits.e2e.spec.ts).
    RATE_LIMIT_ACCOUNT_PER_MINUTE: '1000000',
    RATE_LIMIT_IP_PER_MINUTE: '1000000',
    RATE_LIMIT_INTRO_PER_HOUR: '1000000',
    RATE_LIMIT_IMPORT_PER_HOUR: '1000000',
    // Likewise one member's fair share of one broker: suites make many requests through one broker;
    // the share itself is tested on a private stack (intro-fairness.e2e.spec.ts).
    INTRO_SHARE_OPEN_PER_BROKER: '1000000',
    INTRO_SHARE_WEEKLY_PER_BROKER: '1000000',
    // Suites ask for paths right after other members' writes: every answer includes every committed
    // change (the default, own writes only, is tested on its own replica in path-index-replicas).
    PATH_INDEX_READS: 'all-writes',
  };
  Object.assign(process.env, {
    RATE_LIMIT_ACCOUNT_PER_MINUTE: env.RATE_LIMIT_ACCOUNT_PER_MINUTE,
    RATE_LIMIT_IP_PER_MINUTE: env.RATE_LIMIT_IP_PER_MINUTE,
    RATE_LIMIT_INTRO_PER_HOUR: env.RATE_LIMIT_INTRO_PER_HOUR,
    RATE_LIMIT_IMPORT_PER_HOUR: env.RATE_LIMIT_IMPORT_PER_HOUR,
    INTRO_SHARE_OPEN_PER_BROKER: env.INTRO_SHARE_OPEN_PER_BROKER,
    INTRO_SHARE_WEEKLY_PER_BROKER: env.INTRO_SHARE_WEEKLY_PER_BROKER,
    PATH_INDEX_READS: env.PATH_INDEX_READS,
    NEO4J_URI: neo4jUri,
    REDIS_URL: redisUrl,
    AUTH_JWT_SECRET: TEST_JWT_SECRET,
    NODE_ENV: 'test',
    QUEUE_PREFIX: 'backr-test',
    LOG_LEVEL: 'warn',
  });

  const migrated = spawnSync(process.execPath, ['dist/apps/api/src/migrate.js'], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  if (migrated.status !== 0) throw new Error('migrations failed');

  const apiLog = join(runDir, 'api.log');
  const api = spawnApp('api', { ...env, MIGRATE_ON_START: 'false' }, apiLog);
  const worker = spawnApp('worker', env, join(runDir, 'worker.log'));
  const apiUrl = `http://127.0.0.1:${port}`;
  await waitForHealth(apiUrl, api.pid!, apiLog);
  const run: TestRun = { runDir, apiUrl, neo4jUri, redisUrl, apiPid: api.pid!, workerPid: worker.pid!, outboxDir: env.OUTBOX_DIR };
  writeFileSync(runFile(root), JSON.stringify(run, null, 2));
}
