import { describe, expect, it } from '@jest/globals';
import { IntroLineService, OPEN_STATUSES } from '#libs/introductions';

/** The sweep's loop alone: the overdue asks and each expiry are fakes (the e2e reliability suite runs it for real). */
function sweepWith(asks: string[], expire: (id: string) => Promise<boolean>) {
  const seen = { before: '', open: [] as readonly string[], limit: 0, tried: [] as string[] };
  const line = Object.create(IntroLineService.prototype) as IntroLineService;
  Object.assign(line, {
    reads: {
      overdueAsks: async (before: string, open: readonly string[], limit: number) => {
        Object.assign(seen, { before, open, limit });
        return asks.map((requestId) => ({ requestId, step: 0, attempt: 1 }));
      },
    },
  });
  line.expire = async (id: string) => {
    seen.tried.push(id);
    return expire(id);
  };
  return { line, seen };
}

describe('IntroLineService.expireOverdue (the introduction sweep)', () => {
  it('asks for open asks past the grace period and counts those it ended', async () => {
    const { line, seen } = sweepWith(['a', 'b'], async (id) => id === 'a');
    const startedAt = Date.now();
    expect(await line.expireOverdue(300_000)).toEqual({ ended: 1, failed: 0 });
    const before = Date.parse(seen.before);
    expect(before).toBeGreaterThanOrEqual(startedAt - 300_000);
    expect(before).toBeLessThanOrEqual(Date.now() - 300_000);
    expect(seen.open).toEqual(OPEN_STATUSES);
    expect(seen.limit).toBe(200);
    expect(seen.tried).toEqual(['a', 'b']);
  });

  it('passes over an ask whose expiry fails again, so it cannot hold up the rest, and names the error kind only', async () => {
    const { line, seen } = sweepWith(['a', 'b', 'c'], async (id) => {
      if (id === 'a') throw new TypeError('a message that might quote a value');
      return true;
    });
    expect(await line.expireOverdue(1000)).toEqual({ ended: 2, failed: 1, error: 'TypeError' });
    expect(seen.tried).toEqual(['a', 'b', 'c']);
  });
});
