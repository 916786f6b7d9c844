import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { codeOf, gql, newUser, useApi, type GqlResponse } from '../support/api-client.js';
import { startStack, type Stack } from '../support/stack.js';

/**
 * The API in production mode on a private stack with small limits, so each limit and each
 * production rule can be reached with a few requests. The address limit is tested last: every
 * request in this file counts against it.
 */
let stack: Stack;
const LIMITS = {
  GRAPHQL_MAX_DEPTH: '5',
  GRAPHQL_MAX_ALIASES: '3',
  GRAPHQL_MAX_TOKENS: '300',
  GRAPHQL_MAX_DIRECTIVES: '3',
  GRAPHQL_MAX_COST: '400',
  RATE_LIMIT_ACCOUNT_PER_MINUTE: '30',
  RATE_LIMIT_IP_PER_MINUTE: '250',
  RATE_LIMIT_INTRO_PER_HOUR: '2',
  RATE_LIMIT_IMPORT_PER_HOUR: '1',
  IMPORT_MAX_BYTES: '20000',
  BODY_LIMIT_BYTES: '50000',
};

beforeAll(async () => {
  stack = await startStack('limits', {
    NODE_ENV: 'production',
    PATH_HANDLE_SECRET: `limits-path-secret-${'x'.repeat(32)}`,
    IDENTITY_KEY_SECRET: `limits-identity-secret-${'x'.repeat(32)}`,
    NOTIFY_TRANSPORT: 'smtp',
    SMTP_URL: 'smtp://127.0.0.1:9',
    PUBLIC_URL: 'https://backr.example.org',
    ...LIMITS,
  });
  useApi(stack.apiUrl);
}, 120_000);

afterAll(async () => {
  useApi(null);
  await stack?.stop();
}, 60_000);

const post = (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  fetch(`${stack.apiUrl}/graphql`, { method: 'POST', headers, body });
const refusedFor = (res: GqlResponse, pattern: RegExp) => {
  expect(res.status).toBe(400);
  expect(res.data ?? null).toBeNull();
  expect(codeOf(res)).toBe('GRAPHQL_VALIDATION_FAILED');
  expect(res.errors![0].message).toMatch(pattern);
  expect(JSON.stringify(res.errors)).not.toMatch(/stacktrace/i);
};

describe('query limits (refused before anything runs, naming the limit)', () => {
  it('depth, aliases, tokens, directives', async () => {
    const { token } = await newUser(['MEMBER']);
    refusedFor(await gql(`{ network { edges { node { person { roles { occupation { code } } } } } } }`, {}, token), /depth limit of 5/i);
    refusedFor(await gql(`{ a: me { id } b: me { id } c: me { id } d: me { id } }`, {}, token), /aliases limit of 3/i);
    refusedFor(await gql(`{ me { id ${'roles '.repeat(300)} } }`, {}, token), /token limit of 300 exceeded/i);
    const broken = await gql(`mutat`, {}, token);
    expect([broken.status, codeOf(broken)]).toEqual([400, 'GRAPHQL_PARSE_FAILED']);
    refusedFor(
      await gql(`{ me @include(if: true) { id @include(if: true) roles @skip(if: false) person @skip(if: false) { id } } }`, {}, token),
      /directives limit of 3/i,
    );
  });

  it('page size and cost, with the cost of accepted queries in extensions', async () => {
    const { token } = await newUser(['MEMBER']);
    refusedFor(await gql(`query($n: Int) { network(first: $n) { totalCount } }`, { n: 101 }, token), /first: 101.*page size limit of 100/);
    const costly = await gql(`{ network(first: 100) { edges { node { person { displayName } } } } }`, {}, token);
    refusedFor(costly, /cost limit of 400 exceeded, found 401/i);
    expect(costly.errors![0].extensions).toMatchObject({ cost: 401, maximum: 400 });
    const fine = await post(JSON.stringify({ query: `{ network(first: 10) { edges { node { person { displayName } } } } }` }), {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
    });
    const body = (await fine.json()) as { data: unknown; extensions: { cost: { requested: number; maximum: number } } };
    expect(body.data).toBeTruthy();
    expect(body.extensions.cost).toEqual({ requested: 41, maximum: 400 });
  });

  it('refuses an over-limit mutation without running any of it', async () => {
    const user = await newUser(['MEMBER']);
    const add = (a: string) => `${a}: addContact(input: { displayName: "${a}", context: FRIEND, strength: 0.5 }) { person { id } }`;
    refusedFor(await gql(`mutation { ${['a', 'b', 'c', 'd'].map(add).join(' ')} }`, {}, user.token), /aliases limit of 3/i);
    const net = await gql<{ network: { totalCount: number } }>(`{ network { totalCount } }`, {}, user.token);
    expect(net.data!.network.totalCount).toBe(0);
  });

  it('refuses batched requests, oversized bodies and cross-site (simple) requests', async () => {
    const { token } = await newUser(['MEMBER']);
    const auth = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const batched = await post(JSON.stringify([{ query: '{ me { id } }' }, { query: '{ me { id } }' }]), auth);
    expect(batched.status).toBe(400);
    expect(await batched.text()).toMatch(/batch/i);
    const huge = await post(
      JSON.stringify({ query: 'mutation($c: String!) { importContacts(input: { format: VCARD, content: $c }) { id } }', variables: { c: 'x'.repeat(60_000) } }),
      auth,
    );
    expect(huge.status).toBe(413);
    const simple = await fetch(`${stack.apiUrl}/graphql?query=${encodeURIComponent('{ me { id } }')}`, { headers: { authorization: `Bearer ${token}` } });
    expect(simple.status).toBe(400);
    expect(await simple.text()).toMatch(/Cross-Site Request Forgery/i);
    const textPlain = await post(JSON.stringify({ query: '{ me { id } }' }), { 'content-type': 'text/plain', authorization: `Bearer ${token}` });
    expect(textPlain.status).toBe(400);
  });
});

describe('production posture', () => {
  it('no introspection, no field suggestions, no stack traces', async () => {
    const { token } = await newUser(['MEMBER']);
    const intro = await gql(`{ __schema { queryType { name } } }`, {}, token);
    expect(codeOf(intro)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(intro.errors![0].message).toMatch(/introspection/i);
    const typo = await gql(`{ mee { id } }`, {}, token);
    expect(codeOf(typo)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(typo.errors![0].message).not.toMatch(/did you mean/i);
    const typoField = await gql(`{ me { rolez } }`, {}, token);
    expect(typoField.errors![0].message).not.toMatch(/did you mean|roles/i);
    for (const res of [intro, typo, typoField]) expect(JSON.stringify(res)).not.toMatch(/stacktrace|\.ts:\d+|\.js:\d+/);
  });
});

describe('rate limits (Redis-backed)', () => {
  it('per account: refused with RATE_LIMITED and a retry-after; another account is unaffected', async () => {
    const [busy, other] = await Promise.all([newUser(['MEMBER']), newUser(['MEMBER'])]);
    const results: GqlResponse[] = [];
    for (let i = 0; i < 32; i++) results.push(await gql(`{ me { id } }`, {}, busy.token));
    const limited = results.filter((r) => codeOf(r) === 'RATE_LIMITED');
    expect(results.slice(0, 30).every((r) => !r.errors)).toBe(true);
    expect(limited).toHaveLength(2);
    const retry = limited[0].errors![0].extensions!['retryAfterSeconds'] as number;
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(60);
    expect(limited[0].errors![0].message).toMatch(/try again in (\d+ seconds|about a minute)$/);
    expect((await gql(`{ me { id } }`, {}, other.token)).errors).toBeUndefined();
  });

  it('tighter for introduction requests (attempts count, valid or not) and imports (only queued ones count), in words', async () => {
    const user = await newUser(['MEMBER']);
    const ask = () => gql(`mutation { requestIntroduction(input: { pathId: "forged", message: "hello" }) { id } }`, {}, user.token);
    expect(codeOf(await ask())).toBe('BAD_USER_INPUT');
    expect(codeOf(await ask())).toBe('BAD_USER_INPUT');
    const third = await ask();
    expect(codeOf(third)).toBe('RATE_LIMITED');
    expect(third.errors![0].message).toMatch(/introduction requests/);
    const imp = (content: string) =>
      gql(`mutation($c: String!) { importContacts(input: { format: VCARD, content: $c }) { id status } }`, { c: content }, user.token);
    // Issue 14: refused files do not count (five mistakes used to lock a member out for an hour).
    for (let i = 0; i < 3; i++) expect(codeOf(await imp(''))).toBe('BAD_USER_INPUT');
    const card = 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Limit Tester\r\nEND:VCARD\r\n';
    expect((await imp(card)).errors).toBeUndefined();
    const refused = await imp(card);
    expect(codeOf(refused)).toBe('RATE_LIMITED');
    expect(refused.errors![0].message).toMatch(/contact imports; try again in about an hour$/);
    // Other queries still work for this account.
    expect((await gql(`{ me { id } }`, {}, user.token)).errors).toBeUndefined();
  });

  it('per address, for every request including unauthenticated ones: HTTP 429 with Retry-After', async () => {
    let res: Response | null = null;
    // Room for the fixed 60 s window to roll over once during the loop on a slow machine.
    for (let i = 0; i < 1000; i++) {
      res = await post(JSON.stringify({ query: '{ me { id } }' }));
      if (res.status === 429) break;
    }
    expect(res!.status).toBe(429);
    expect(Number(res!.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await res!.json()) as GqlResponse;
    expect(codeOf(body)).toBe('RATE_LIMITED');
    expect(body.errors![0].message).toMatch(/this address/);
  });
});
