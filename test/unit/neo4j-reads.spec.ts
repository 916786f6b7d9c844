import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { Neo4jError } from 'neo4j-driver';
import { loadConfig } from '#libs/config';
import { GraphUnavailableError, Neo4jService } from '#libs/graph';

/** A driver whose sessions answer from a script: each run() takes the next outcome. */
function scripted(outcomes: (Error | { x: number }[])[]) {
  const calls = { runs: 0, closed: 0 };
  const driver = {
    session: () => ({
      run: async () => {
        const next = outcomes[calls.runs++];
        if (next instanceof Error) throw next;
        return { records: next.map((row) => ({ toObject: () => row })), summary: {} };
      },
      close: async () => {
        calls.closed++;
      },
    }),
  };
  const service = new Neo4jService(loadConfig({}));
  void service.driver.close();
  Object.assign(service, { driver });
  return { service, calls };
}

const transient = () => new Neo4jError('busy', 'Neo.TransientError.General.DatabaseUnavailable', '50N00', 'unavailable');
const syntax = () => new Neo4jError('bad', 'Neo.ClientError.Statement.SyntaxError', '42001', 'syntax');

describe('Neo4jService.readRows (one auto-commit query)', () => {
  it('returns the rows as plain objects and closes its session', async () => {
    const { service, calls } = scripted([[{ x: 1 }, { x: 2 }]]);
    expect(await service.readRows('RETURN 1')).toEqual([{ x: 1 }, { x: 2 }]);
    expect(calls).toEqual({ runs: 1, closed: 1 });
  });

  it('retries a transient failure, as managed transactions do, in a new session', async () => {
    const { service, calls } = scripted([transient(), [{ x: 3 }]]);
    expect(await service.readRows('RETURN 3')).toEqual([{ x: 3 }]);
    expect(calls).toEqual({ runs: 2, closed: 2 });
  });

  it('does not retry a query the database refuses, and passes its error on', async () => {
    const { service, calls } = scripted([syntax(), [{ x: 4 }]]);
    await expect(service.readRows('RETURN')).rejects.toMatchObject({ code: 'Neo.ClientError.Statement.SyntaxError' });
    expect(calls.runs).toBe(1);
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it('gives up on a database that stays away after the retry time, with the error a client can act on', async () => {
    const { service, calls } = scripted(Array.from({ length: 10 }, transient));
    // On a fake clock: the time spent is the sum of the waits the service chose, not a busy machine's late timers.
    jest.useFakeTimers();
    const started = Date.now();
    const outcome = service.readRows('RETURN 5').then(
      () => null,
      (error: unknown) => error,
    );
    await jest.runAllTimersAsync();
    expect(await outcome).toBeInstanceOf(GraphUnavailableError);
    // Waits of 1, 2, 4 and 8 s, each within 20% jitter: the first three always fit the 15 s bound, the
    // fourth only when the jitter runs low (5.6-8.4 s spent, then 6.4-9.6 s), and a fifth never does.
    expect(calls.runs).toBeGreaterThanOrEqual(4);
    expect(calls.runs).toBeLessThanOrEqual(5);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000 * 0.8 + 2_000 * 0.8 + 4_000 * 0.8);
    expect(Date.now() - started).toBeLessThanOrEqual(15_000);
  });
});
