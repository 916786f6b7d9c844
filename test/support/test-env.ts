import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const TEST_JWT_SECRET = 'backr-test-suite-secret-0123456789-abcdefghij';

export interface TestRun {
  runDir: string;
  apiUrl: string;
  neo4jUri: string;
  redisUrl: string;
  apiPid: number;
  workerPid: number;
  /** Where the API and worker write notifications (the development outbox). */
  outboxDir: string;
}

export function runFile(root: string): string {
  return join(root, '.run', 'test-current.json');
}

/** The services and processes the global setup started, as seen from a test file. */
export function testRun(): TestRun {
  const file = runFile(process.cwd());
  if (!existsSync(file)) throw new Error('no test run: run the suite with `npm test`');
  return JSON.parse(readFileSync(file, 'utf8')) as TestRun;
}
