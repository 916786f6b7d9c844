import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { withTimeout } from '#libs/common';
import { AppConfig } from '#libs/config';
import { JobQueue, type JobName, type JobPayloads, type QueueName } from './queue.contracts.js';
import { createRedis } from './redis.js';

/**
 * Twelve tries, 1 s apart then doubling: a job outlasts a database or mail outage of about half an
 * hour (1 + 2 + ... + 1024 s, plus each try's own 15 s of retries against Neo4j). With five tries an
 * outage of a minute and a half failed every reminder, expiry and message due in it, for good.
 */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 12,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
  removeOnFail: false,
};

/** Typed enqueueing: the payload type follows from the job name. */
@Injectable()
export class QueueService implements OnApplicationShutdown {
  readonly connection: Redis;
  private readonly queues = new Map<QueueName, Queue>();

  constructor(@Inject(AppConfig) private readonly config: AppConfig) {
    this.connection = createRedis(config.REDIS_URL);
  }

  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.connection, prefix: this.config.QUEUE_PREFIX, defaultJobOptions: DEFAULT_JOB_OPTIONS });
      // The connection reports outages once a minute (createRedis); without a listener BullMQ prints each one with a stack.
      queue.on('error', () => undefined);
      this.queues.set(name, queue);
    }
    return queue;
  }

  async enqueue<N extends JobName>(name: N, data: JobPayloads[N], options: JobsOptions = {}): Promise<string | undefined> {
    const job = await this.queue(JobQueue[name]).add(name, data, options);
    return job.id;
  }

  /** Announces on a pub/sub channel under QUEUE_PREFIX (ids only: subscribers read the rest from the graph). */
  async publish(channel: string, message: string): Promise<void> {
    await this.connection.publish(`${this.config.QUEUE_PREFIX}:${channel}`, message);
  }

  /** At most 1 s: the shared connection queues commands while Redis is away, so a health check must not wait on it. */
  async ping(): Promise<boolean> {
    if (this.connection.status !== 'ready') return false;
    try {
      return await withTimeout(
        this.connection.ping().then((r) => r === 'PONG'),
        1000,
        () => false,
      );
    } catch {
      return false;
    }
  }

  /** Closes politely when Redis answers; gives up after a few seconds when it does not, so shutdown never hangs. */
  async onApplicationShutdown(): Promise<void> {
    await settleWithin(Promise.all([...this.queues.values()].map((q) => q.close())), 5_000);
    await settleWithin(this.connection.quit(), 2_000);
    this.connection.disconnect();
  }
}

/** Waits for `work` to settle, but no longer than `ms`. */
export async function settleWithin(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work.catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
