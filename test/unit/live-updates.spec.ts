import { describe, expect, it } from '@jest/globals';
import type { Viewer } from '#libs/auth';
import { LiveUpdates } from '../../apps/api/src/common/live-updates.js';
import type { LiveSocket } from '../../apps/api/src/common/live-sockets.js';

/**
 * Issue 14: a change reaches subscribers through an in-memory index by account: one read of who may see
 * it per change, and reads of the object only for the subscriptions of those accounts; idle subscriptions
 * of other accounts cost nothing (600 of them used to delay everyone's updates by minutes).
 */
function hub(audience: Record<string, string[]>, caps = { socket: 1000, account: 100_000 }) {
  const calls = { audience: 0, get: 0 };
  const intros = {
    audience: async (id: string) => {
      calls.audience++;
      return audience[id] ?? [];
    },
  };
  const imports = { owner: async () => null };
  const config = {
    LIVE_MAX_SUBSCRIPTIONS_PER_SOCKET: caps.socket,
    LIVE_MAX_SUBSCRIPTIONS_PER_ACCOUNT: caps.account,
    QUEUE_PREFIX: 'unit',
    REDIS_URL: 'redis://unused',
  };
  const live = new LiveUpdates(config as never, {} as never, intros as never, imports as never);
  const route = (id: string) => (live as unknown as { route(topic: string, id: string): void }).route('intro', id);
  const subscribe = (personId: string, only: string | null = null, socket?: LiveSocket) =>
    live.subscribe({
      topic: 'intro',
      viewer: { sub: personId, personId, roles: ['MEMBER'] } satisfies Viewer,
      socket,
      only,
      load: async (id) => {
        calls.get++;
        return { id, status: id.endsWith('end') ? 'WITHDRAWN' : 'ASKING', viewer: personId };
      },
      isEnd: (v) => only !== null && v.status === 'WITHDRAWN',
    });
  return { live, calls, route, subscribe };
}

const settle = () => new Promise((r) => setTimeout(r, 20));

describe('LiveUpdates routing', () => {
  it('reads who may see a change once, and the object only for subscribers of those accounts', async () => {
    const { calls, route, subscribe } = hub({ r1: ['member', 'broker'] });
    const idle = Array.from({ length: 5000 }, (_, i) => subscribe(`idle-${i % 50}`));
    const mine = subscribe('member');
    const theirs = subscribe('broker', 'r1');
    const next = [mine.next(), theirs.next()];
    route('r1');
    const [a, b] = await Promise.all(next);
    expect(a.value).toMatchObject({ id: 'r1', viewer: 'member' });
    expect(b.value).toMatchObject({ id: 'r1', viewer: 'broker' });
    expect(calls).toEqual({ audience: 1, get: 2 });
    expect(idle).toHaveLength(5000);
  });

  it('does not read anything for a change nobody here subscribed to', async () => {
    const { calls, route, subscribe } = hub({ r2: ['someone'] });
    subscribe('other', 'r9');
    route('r2');
    await settle();
    expect(calls).toEqual({ audience: 0, get: 0 });
  });

  it('a subscription to one request completes after an end state; returning unregisters it at once', async () => {
    const { live, route, subscribe } = hub({ 'r-end': ['member'] });
    const one = subscribe('member', 'r-end');
    const first = one.next();
    route('r-end');
    expect((await first).value).toMatchObject({ status: 'WITHDRAWN' });
    expect(await one.next()).toEqual({ value: undefined, done: true });
    const all = subscribe('member');
    expect(live.counts().intro).toBe(1);
    const pending = all.next();
    await all.return!();
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(live.counts().intro).toBe(0);
  });

  it('caps subscriptions per socket and per account with a clear error, and frees the slot on return', async () => {
    const { subscribe } = hub({}, { socket: 2, account: 3 });
    const socket: LiveSocket = { personId: 'p', subscriptions: 0, close: () => undefined };
    const a = subscribe('p', null, socket);
    subscribe('p', null, socket);
    expect(() => subscribe('p', null, socket)).toThrow(/at most 2 at once/);
    subscribe('p');
    expect(() => subscribe('p')).toThrow(/this account: at most 3/);
    await a.return!();
    expect(socket.subscriptions).toBe(1);
    expect(() => subscribe('p', null, socket)).not.toThrow();
  });
});
