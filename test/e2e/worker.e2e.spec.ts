import { afterAll, describe, expect, it } from '@jest/globals';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { QueueName } from '#libs/queue';
import { testRun } from '../support/test-env.js';

const connection = new Redis(testRun().redisUrl, { maxRetriesPerRequest: null });
afterAll(async () => {
  await connection.quit();
});

describe('the worker', () => {
  it('processes its scheduled heartbeat, which /health reports', async () => {
    let seen: string | null = null;
    for (let i = 0; i < 240 && !seen; i++) {
      const body = (await (await fetch(`${testRun().apiUrl}/health`)).json()) as { workerLastSeenAt: string | null };
      seen = body.workerLastSeenAt;
      if (!seen) await new Promise((r) => setTimeout(r, 250));
    }
    expect(seen).not.toBeNull();
    expect(Date.now() - new Date(seen!).getTime()).toBeLessThan(60_000);
  });

  it('refuses a job name it has no handler for, and keeps it as failed', async () => {
    const queue = new Queue(QueueName.System, { connection, prefix: 'backr-test' });
    const eventsConnection = connection.duplicate();
    const events = new QueueEvents(QueueName.System, { connection: eventsConnection, prefix: 'backr-test' });
    await events.waitUntilReady();
    const job = await queue.add('system.no-such-job', { id: 'x' }, { attempts: 1, removeOnFail: false });
    await expect(job.waitUntilFinished(events, 20_000)).rejects.toThrow('unknown job system.no-such-job');
    expect(await job.getState()).toBe('failed');
    const health = (await (await fetch(`${testRun().apiUrl}/health`)).json()) as { jobs: Record<string, { failed: number }> };
    expect(health.jobs[QueueName.System].failed).toBeGreaterThanOrEqual(1);
    await events.close();
    await queue.close();
    await eventsConnection.quit();
  });
});
