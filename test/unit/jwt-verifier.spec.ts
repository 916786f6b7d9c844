import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { JwtVerifier } from '#libs/auth';
import { loadConfig } from '#libs/config';

type SigningKey = Parameters<SignJWT['sign']>[0];

const SECRET = 'unit-test-secret-that-is-long-enough-0001';

const sign = (claims: Record<string, unknown>, header: { alg: string; kid?: string }, key: SigningKey, o: { iss?: string; aud?: string } = {}) => {
  let jwt = new SignJWT({ roles: ['member'], ...claims }).setProtectedHeader(header).setSubject('unit-sub').setIssuedAt().setExpirationTime('5m');
  if (o.iss) jwt = jwt.setIssuer(o.iss);
  if (o.aud) jwt = jwt.setAudience(o.aud);
  return jwt.sign(key);
};

describe('JwtVerifier with a shared secret (HS256), issuer and audience', () => {
  const verifier = new JwtVerifier(loadConfig({ AUTH_JWT_SECRET: SECRET, AUTH_ISSUER: 'https://id.backr.test', AUTH_AUDIENCE: 'backr-api' }));
  const key = new TextEncoder().encode(SECRET);

  it('accepts a token with the right issuer and audience, and reports when it was issued', async () => {
    const claims = await verifier.verify(await sign({}, { alg: 'HS256' }, key, { iss: 'https://id.backr.test', aud: 'backr-api' }));
    expect(claims).toMatchObject({ sub: 'unit-sub', roles: ['MEMBER'] });
    expect(Math.abs(claims.issuedAtMs - Date.now())).toBeLessThan(5000);
  });

  it.each([
    ['a wrong issuer', { iss: 'https://evil.example', aud: 'backr-api' }],
    ['a wrong audience', { iss: 'https://id.backr.test', aud: 'another-api' }],
    ['no issuer or audience', {}],
  ])('refuses %s', async (_, o) => {
    await expect(verifier.verify(await sign({}, { alg: 'HS256' }, key, o))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('checks a token once, and still refuses it once it has expired (past the clock skew)', async () => {
    const verifier = new JwtVerifier(loadConfig({ AUTH_JWT_SECRET: SECRET, AUTH_ISSUER: 'https://id.backr.test', AUTH_AUDIENCE: 'backr-api' }));
    const token = await sign({}, { alg: 'HS256' }, key, { iss: 'https://id.backr.test', aud: 'backr-api' });
    const checks = jest.spyOn(verifier as unknown as { check(t: string): Promise<unknown> }, 'check');
    const first = await verifier.verify(token);
    expect(await verifier.verify(token)).toEqual(first);
    expect(checks).toHaveBeenCalledTimes(1);
    // A forged token that differs from a checked one in its signature alone is checked, and refused.
    const forged = `${token.slice(0, token.lastIndexOf('.') + 1)}${Buffer.from('not the signature').toString('base64url')}`;
    await expect(verifier.verify(forged)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    // Only the clock is faked (jose reads it through new Date()).
    jest.useFakeTimers({
      doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'queueMicrotask', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'],
    });
    try {
      // Five minutes' expiry: still good 20 s past it (the skew), refused 40 s past it.
      jest.setSystemTime(first.expiresAtMs! + 20_000);
      expect(await verifier.verify(token)).toEqual(first);
      jest.setSystemTime(first.expiresAtMs! + 40_000);
      await expect(verifier.verify(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringContaining('expired') });
    } finally {
      jest.useRealTimers();
    }
  });

  it('refuses alg none and HS384 with the same secret', async () => {
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"x","iss":"https://id.backr.test","aud":"backr-api"}').toString('base64url')}.`;
    await expect(verifier.verify(none)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const hs384 = await sign({}, { alg: 'HS384' }, key, { iss: 'https://id.backr.test', aud: 'backr-api' });
    await expect(verifier.verify(hs384)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

describe('JwtVerifier with keys from a JWKS (RS256)', () => {
  let server: Server;
  let url: string;
  let privateKey: SigningKey;
  let publicJwk: JWK;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    server = createServer((_, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [publicJwk] })));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/jwks.json`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('accepts a token signed by the provider key', async () => {
    const verifier = new JwtVerifier(loadConfig({ AUTH_JWKS_URL: url }));
    expect((await verifier.verify(await sign({}, { alg: 'RS256', kid: 'k1' }, privateKey))).sub).toBe('unit-sub');
  });

  it('refuses HS/RS confusion: an HS256 token keyed with the public key text', async () => {
    const verifier = new JwtVerifier(loadConfig({ AUTH_JWKS_URL: url }));
    const confused = await sign({}, { alg: 'HS256', kid: 'k1' }, new TextEncoder().encode(JSON.stringify(publicJwk)));
    await expect(verifier.verify(confused)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

describe('JwtVerifier: the claims a token must carry (identity issue, finding 8)', () => {
  const verifier = new JwtVerifier(loadConfig({ AUTH_JWT_SECRET: SECRET }));
  const key = new TextEncoder().encode(SECRET);
  const build = (claims: Record<string, unknown>) => new SignJWT({ roles: ['member'], ...claims }).setProtectedHeader({ alg: 'HS256' }).setSubject('unit-sub');

  it('refuses a token without an expiry, saying so', async () => {
    const token = await build({}).setIssuedAt().sign(key);
    await expect(verifier.verify(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringContaining('no expiry') });
  });

  it('refuses an iat beyond the clock skew in the future, and accepts one within it', async () => {
    const now = Math.floor(Date.now() / 1000);
    const future = await build({})
      .setIssuedAt(now + 3600)
      .setExpirationTime(now + 7200)
      .sign(key);
    await expect(verifier.verify(future)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringContaining('issued in the future') });
    const skewed = await build({})
      .setIssuedAt(now + 10)
      .setExpirationTime(now + 600)
      .sign(key);
    expect((await verifier.verify(skewed)).sub).toBe('unit-sub');
  });

  it.each([
    ['a nested list', [['admin']]],
    ['an object', { admin: true }],
    ['an unknown role name', ['member', 'superuser']],
    ['a number', [1]],
  ])('refuses roles given as %s', async (_, roles) => {
    const token = await build({ roles }).setIssuedAt().setExpirationTime('5m').sign(key);
    await expect(verifier.verify(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringContaining('roles') });
  });

  it('reads a flat list or a space-separated string of known role names, any case', async () => {
    const list = await build({ roles: ['Volunteer', 'COACH'] })
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(key);
    expect((await verifier.verify(list)).roles).toEqual(['VOLUNTEER', 'COACH']);
    const text = await build({ roles: 'member admin' }).setIssuedAt().setExpirationTime('5m').sign(key);
    expect((await verifier.verify(text)).roles).toEqual(['MEMBER', 'ADMIN']);
  });

  it('marks an email the provider did not verify, and only that', async () => {
    const at = (claims: Record<string, unknown>) => build(claims).setIssuedAt().setExpirationTime('5m').sign(key);
    expect((await verifier.verify(await at({ email: 'a@example.org', email_verified: false }))).emailVerified).toBe(false);
    expect((await verifier.verify(await at({ email: 'a@example.org', email_verified: 'false' }))).emailVerified).toBe(false);
    expect((await verifier.verify(await at({ email: 'a@example.org', email_verified: true }))).emailVerified).toBe(true);
    expect((await verifier.verify(await at({ email: 'a@example.org' }))).emailVerified).toBe(true);
    expect((await verifier.verify(await at({}))).emailVerified).toBe(false);
  });
});
