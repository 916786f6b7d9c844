import { spawnSync } from 'node:child_process';
import { describe, expect, it } from '@jest/globals';

/** Issue 14 (demo): the helper scripts say in one line how to reach the demo instead of a raw ECONNREFUSED stack. */
describe('demo helper scripts', () => {
  it.each(['scripts/walk-introduction.mjs', 'scripts/import-file.mjs'])('%s without a running demo prints one line saying to set PORT', (script) => {
    const run = spawnSync(process.execPath, [script], { encoding: 'utf8', env: { ...process.env, PORT: '9' } });
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/No demo API answers on port 9 \(PORT\).*npm run demo.*set PORT/);
    expect(run.stderr).not.toContain('ECONNREFUSED');
  });
});
