import { spawnSync } from 'node:child_process';
import { describe, expect, it } from '@jest/globals';
import { decodeJwt } from 'jose';

/** Issue 14: `npm run token` validates its arguments and documents --expires (a negative span included). */
function token(...args: string[]) {
  const run = spawnSync(process.execPath, ['dist/apps/api/src/token.js', ...args], { encoding: 'utf8', env: { ...process.env, NODE_ENV: 'development' } });
  return { status: run.status, out: run.stdout.trim(), err: run.stderr.trim() };
}

describe('npm run token', () => {
  it('refuses an empty --sub with a message instead of printing a token the API refuses', () => {
    const run = token('--sub', '');
    expect(run.status).toBe(1);
    expect(run.out).toBe('');
    expect(run.err).toContain('--sub must not be empty');
  });

  it('accepts --expires -1h (an expired token) and documents --expires', () => {
    const run = token('--sub', 'expired-one', '--expires', '-1h');
    expect(run.status).toBe(0);
    const claims = decodeJwt(run.out);
    expect(claims.exp! < claims.iat!).toBe(true);
    expect(token('--help').out).toContain('--expires');
  });

  it('refuses an --expires it cannot read, an empty --name and an unknown option, saying how', () => {
    expect(token('--sub', 'x', '--expires', 'soon').err).toContain('--expires must be a number and a unit');
    expect(token('--sub', 'x', '--name', '').err).toContain('--name');
    const unknown = token('--sub', 'x', '--expire', '1h');
    expect(unknown.status).toBe(1);
    expect(unknown.err).toContain('--expires');
  });

  it('leaves the name claim out when --name is not given', () => {
    expect(decodeJwt(token('--sub', 'nameless').out).name).toBeUndefined();
  });
});
