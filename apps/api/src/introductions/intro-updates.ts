import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { PubSub } from 'graphql-subscriptions';
import type { Redis } from 'ioredis';
import { AppConfig } from '#libs/config';
import { createRedis, INTRO_UPDATED_CHANNEL } from '#libs/queue';

export const INTRO_UPDATED = 'introductionUpdated';
export interface IntroUpdated {
  requestId: string;
}

/**
 * Changes to introductions are announced on Redis pub/sub (by id) by whichever process made
 * them, the API or the worker; every API replica relays them to its own subscribers.
 */
@Injectable()
export class IntroUpdates implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('IntroUpdates');
  readonly pubsub = new PubSub<{ [INTRO_UPDATED]: IntroUpdated }>();
  private subscriber: Redis | null = null;

  constructor(@Inject(AppConfig) private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    const channel = `${this.config.QUEUE_PREFIX}:${INTRO_UPDATED_CHANNEL}`;
    this.subscriber = createRedis(this.config.REDIS_URL);
    this.subscriber.on('message', (_channel: string, requestId: string) => {
      void this.pubsub.publish(INTRO_UPDATED, { requestId });
    });
    try {
      await this.subscriber.subscribe(channel);
    } catch (error) {
      // ioredis resubscribes when Redis comes back; queries and mutations do not depend on this.
      this.logger.warn({ msg: 'live introduction updates unavailable for now', error: (error as Error).name });
    }
  }

  /** Yields the id of each changed request; the resolver filters by who may see it. */
  iterator(): AsyncIterableIterator<IntroUpdated> {
    return this.pubsub.asyncIterableIterator(INTRO_UPDATED);
  }

  onApplicationShutdown(): void {
    this.subscriber?.disconnect();
  }
}
