import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { runFile, testRun } from './test-env.js';

async function stop(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Stops what the global setup started; the run folder is removed unless KEEP_TEST_RUN is set. */
export default async function globalTeardown(): Promise<void> {
  const run = testRun();
  await Promise.all([stop(run.apiPid), stop(run.workerPid)]);
  spawnSync('bash', ['scripts/services.sh', 'stop', run.runDir], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (!process.env['KEEP_TEST_RUN']) rmSync(run.runDir, { recursive: true, force: true });
  rmSync(runFile(process.cwd()), { force: true });
}
