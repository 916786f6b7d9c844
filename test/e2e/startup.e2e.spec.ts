import { spawnSync } from 'node:child_process';
import { describe, expect, it } from '@jest/globals';
import { testRun } from '../support/test-env.js';

function start(entry: string, env: Record<string, string>) {
  const run = testRun();
  return spawnSync('node', [entry], {
    env: { ...process.env, NEO4J_URI: run.neo4jUri, REDIS_URL: run.redisUrl, ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('start-up with bad configuration', () => {
  it('the API refuses to start, naming each bad variable and what is expected', () => {
    const result = start('dist/apps/api/src/main.js', { PORT: 'eighty', NEO4J_URI: 'http://localhost:7474' });
    expect(result.status).toBe(78);
    expect(result.stderr).toContain('PORT must be an integer port number');
    expect(result.stderr).toContain('NEO4J_URI must be a Bolt URI');
  });

  it('the worker refuses to start in production with the development secrets', () => {
    const result = start('dist/apps/worker/src/main.js', { NODE_ENV: 'production', AUTH_JWT_SECRET: '' });
    expect(result.status).toBe(78);
    expect(result.stderr).toContain('AUTH_JWT_SECRET must be set to your own secret in production');
    expect(result.stderr).not.toContain('backr-local-development-secret');
  });
});
