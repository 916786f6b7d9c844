import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';

// Issue 14 (install): every project command runs on the Node.js 24 that scripts/setup.sh installs from the
// npm registry's pinned `node` package, whatever Node the machine has.
const pinned = JSON.parse(readFileSync('scripts/node24/package.json', 'utf8')).dependencies.node as string;
const project = JSON.parse(readFileSync('package.json', 'utf8'));

describe('runtime', () => {
  it('runs the tests on the pinned Node.js 24', () => {
    expect(pinned).toMatch(/^24\.\d+\.\d+$/);
    expect(process.version).toBe(`v${pinned}`);
  });

  it('puts the same Node first on PATH for the processes the tests and scripts start', () => {
    expect(execFileSync('node', ['--version'], { encoding: 'utf8' }).trim()).toBe(`v${pinned}`);
  });

  it('pins the project devDependency and the bootstrap to one version, and engines to Node 22 or newer', () => {
    expect(project.devDependencies.node).toBe(pinned);
    expect(project.engines.node).toBe('>=22');
  });

  it('has a lock file that lists every platform optional binary (npm ci works on a fresh clone anywhere)', () => {
    const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
    for (const platform of ['darwin-arm64', 'darwin-x64', 'linux-arm64', 'linux-x64', 'win32-x64']) {
      expect(lock.packages[`node_modules/@msgpackr-extract/msgpackr-extract-${platform}`]).toBeDefined();
    }
  });
});
