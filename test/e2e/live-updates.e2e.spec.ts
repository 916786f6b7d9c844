import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createClient, type Client } from 'graphql-ws';
import { Redis } from 'ioredis';
import WebSocket from 'ws';
import { signDevToken } from '#libs/auth';
import { gql, newUser, unique, useApi, type TestUser } from '../support/api-client.js';
import { chain, pathTo, request, WITHDRAW, ok } from '../support/intro-helpers.js';
import { finished, importFile, linkedInExport } from '../support/import-helpers.js';
import { startStack, type Stack } from '../support/stack.js';
import { TEST_JWT_SECRET, testRun } from '../support/test-env.js';

/**
 * Issue 14 (live updates): sockets live as long as their token and their account; subscriptions are capped
 * per socket and per account; WebSocket connects count against the address limit; terminal states complete
 * the subscription; another person's object is NOT_FOUND, as an unknown id is.
 */
const INTRO = `subscription($id: ID) { introductionUpdated(requestId: $id) { id status } }`;
const PROGRESS = `subscription($id: ID!) { importProgress(jobId: $id) { id status processedRows } }`;

function wsClient(token: string, base = testRun().apiUrl, closed?: (event: { code: number; reason: string }) => void): Client {
  return createClient({
    url: `${base.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: true,
    on: { closed: (event) => closed?.(event as { code: number; reason: string }) },
  });
}

interface Run {
  values: Record<string, any>[];
  errors: any[];
  completed: boolean;
  done: Promise<void>;
  stop: () => void;
}

/** Subscribes and records what comes, until it completes or fails (or stop()). */
function run(client: Client, query: string, variables: Record<string, unknown>): Run {
  const r = { values: [], errors: [], completed: false } as unknown as Run;
  r.done = new Promise<void>((resolve) => {
    r.stop = client.subscribe(
      { query, variables },
      {
        next: (msg) => {
          if (msg.errors) r.errors.push(...msg.errors);
          if (msg.data) r.values.push(Object.values(msg.data)[0] as Record<string, any>);
        },
        error: (e) => {
          r.errors.push(e);
          resolve();
        },
        complete: () => {
          r.completed = true;
          resolve();
        },
      },
    );
  });
  return r;
}

const within = <T>(p: Promise<T>, ms: number) => Promise.race([p, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms))]);

describe('sockets live as long as their token and their account', () => {
  it('closes a socket when its token expires, with 4401 and a reason', async () => {
    const sub = `test-${unique('expiring')}`;
    await gql('{ me { id } }', {}, await signDevToken(TEST_JWT_SECRET, { sub, roles: ['MEMBER'] }));
    const token = await signDevToken(TEST_JWT_SECRET, { sub, roles: ['MEMBER'], expiresIn: '3s' });
    let closed: { code: number; reason: string } | null = null;
    const client = wsClient(token, undefined, (e) => (closed = e));
    const sub1 = run(client, INTRO, {});
    expect(await within(sub1.done, 20_000)).not.toBe('timeout');
    expect(closed).toMatchObject({ code: 4401 });
    expect(closed!.reason).toMatch(/expired/i);
    await client.dispose();
  });

  it('closes every socket of an account when it is erased, with 4403', async () => {
    const user = await newUser(['MEMBER'], 'Leaving Soon');
    const events: { code: number; reason: string }[] = [];
    const clients = [wsClient(user.token, undefined, (e) => events.push(e)), wsClient(user.token, undefined, (e) => events.push(e))];
    const runs = clients.map((c) => run(c, INTRO, {}));
    await new Promise((r) => setTimeout(r, 500));
    ok(await gql('mutation { deleteMyAccount(confirm: "DELETE") }', {}, user.token));
    await within(Promise.all(runs.map((r) => r.done)), 20_000);
    expect(events.map((e) => e.code)).toEqual([4403, 4403]);
    await Promise.all(clients.map(async (c) => c.dispose()));
  });
});

describe('what a subscription may see, and when it ends', () => {
  it('someone else’s request or job is NOT_FOUND, exactly as an unknown id is', async () => {
    const c = await chain(unique('Glazier'));
    const intro = await request(c.member, await pathTo(c.member, c.work));
    const job = await importFile(c.member, 'LINKEDIN_CSV', linkedInExport(3, unique('nf').replace(/-/g, '')));
    const stranger = await newUser(['MEMBER'], 'Nosy Neighbour');
    const client = wsClient(stranger.token);
    const unknownIntro = Buffer.from('IntroductionRequest:00000000-0000-4000-8000-000000000000').toString('base64url');
    const unknownJob = Buffer.from('ImportJob:00000000-0000-4000-8000-000000000000').toString('base64url');
    const outcomes = [
      run(client, INTRO, { id: intro.id }),
      run(client, INTRO, { id: unknownIntro }),
      run(client, PROGRESS, { id: job.id }),
      run(client, PROGRESS, { id: unknownJob }),
    ];
    await within(Promise.all(outcomes.map((o) => o.done)), 20_000);
    for (const o of outcomes) {
      expect(o.values).toEqual([]);
      expect(o.errors[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    expect(outcomes[0].errors[0].message).toBe(outcomes[1].errors[0].message);
    expect(outcomes[2].errors[0].message).toBe(outcomes[3].errors[0].message);
    await client.dispose();
  }, 120_000);

  it('a request that ends (withdrawn) completes its subscription; one already ended sends its state and completes', async () => {
    const c = await chain(unique('Stonemason'));
    const intro = await request(c.member, await pathTo(c.member, c.work));
    const client = wsClient(c.member.token);
    const live = run(client, INTRO, { id: intro.id });
    await new Promise((r) => setTimeout(r, 500));
    ok(await gql(WITHDRAW, { id: intro.id }, c.member.token));
    expect(await within(live.done, 45_000)).not.toBe('timeout');
    expect(live.completed).toBe(true);
    expect(live.values.at(-1)).toMatchObject({ id: intro.id, status: 'WITHDRAWN' });
    const late = run(client, INTRO, { id: intro.id });
    expect(await within(late.done, 20_000)).not.toBe('timeout');
    expect(late.completed).toBe(true);
    expect(late.values).toEqual([expect.objectContaining({ status: 'WITHDRAWN' })]);
    await client.dispose();
  }, 120_000);

  it('importProgress completes after COMPLETED, also when subscribed after the end', async () => {
    const user = await newUser(['MEMBER'], 'Import Watcher');
    const job = await importFile(user, 'LINKEDIN_CSV', linkedInExport(2500, unique('done').replace(/-/g, '')));
    const client = wsClient(user.token);
    const live = run(client, PROGRESS, { id: job.id });
    expect(await within(live.done, 150_000)).not.toBe('timeout');
    expect(live.completed).toBe(true);
    expect(live.values.at(-1)).toMatchObject({ status: 'COMPLETED', processedRows: 2500 });
    await finished(user, job.id);
    const late = run(client, PROGRESS, { id: job.id });
    expect(await within(late.done, 20_000)).not.toBe('timeout');
    expect(late.completed).toBe(true);
    expect(late.values).toEqual([expect.objectContaining({ status: 'COMPLETED' })]);
    await client.dispose();
  }, 240_000);
});

describe('caps and the address limit (private stack)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack('live-caps', { LIVE_MAX_SUBSCRIPTIONS_PER_SOCKET: '3', LIVE_MAX_SUBSCRIPTIONS_PER_ACCOUNT: '5', RATE_LIMIT_IP_PER_MINUTE: '40' });
    useApi(stack.apiUrl);
  }, 120_000);
  afterAll(async () => {
    useApi(null);
    await stack?.stop();
  });

  it('refuses a subscription past the cap per socket and per account, with a clear error, and frees the slot when one stops', async () => {
    const user: TestUser = await newUser(['MEMBER'], 'Many Tabs');
    const first = wsClient(user.token, stack.apiUrl);
    const onFirst = [0, 1, 2, 3].map(() => run(first, INTRO, {}));
    await within(onFirst[3].done, 10_000);
    expect(onFirst[3].errors[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(onFirst[3].errors[0]?.message).toMatch(/at most 3 at once/);
    const second = wsClient(user.token, stack.apiUrl);
    const onSecond = [0, 1, 2].map(() => run(second, INTRO, {}));
    await within(onSecond[2].done, 10_000);
    expect(onSecond[2].errors[0]?.message).toMatch(/this account: at most 5/);
    onFirst[0].stop();
    // The server frees the slot when it has handled the stop: retry until then (a busy machine is slow).
    let again = run(second, INTRO, {});
    for (let i = 0; i < 40 && (await within(again.done, 1_500)) !== 'timeout'; i++) {
      await new Promise((r) => setTimeout(r, 250));
      again = run(second, INTRO, {});
    }
    expect(await within(again.done, 1_500)).toBe('timeout');
    expect(again.errors).toEqual([]);
    await Promise.all([first, second].map(async (c) => c.dispose()));
  });

  it('counts WebSocket connects against the per-address limit (429 before any handshake)', async () => {
    const url = `${stack.apiUrl.replace('http', 'ws')}/graphql`;
    // A fresh fixed window for this address, so the count below cannot straddle two windows.
    const redis = new Redis(stack.redisUrl);
    const windows = await redis.keys(`${stack.prefix}:rl:ip:*`);
    if (windows.length) await redis.del(...windows);
    await redis.quit();
    const statuses: number[] = [];
    for (let i = 0; i < 60 && !statuses.includes(429); i++) {
      statuses.push(
        await new Promise<number>((resolve) => {
          const ws = new WebSocket(url, 'graphql-transport-ws');
          ws.on('open', () => {
            ws.close();
            resolve(101);
          });
          ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
          ws.on('error', () => resolve(0));
        }),
      );
    }
    expect(statuses).toContain(101);
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.length).toBeLessThanOrEqual(41);
  });
});
