import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { PubSub } from 'graphql-subscriptions';
import type { Redis } from 'ioredis';
import { AppConfig } from '#libs/config';
import { AccountService } from '#libs/network';
import { ACCOUNT_ERASED_CHANNEL, createRedis, IMPORT_PROGRESS_CHANNEL, INTRO_UPDATED_CHANNEL } from '#libs/queue';

/** What a subscription receives: the id of what changed; the resolver re-reads it for each subscriber. */
export interface Changed {
  id: string;
}

const TOPICS = { intro: INTRO_UPDATED_CHANNEL, import: IMPORT_PROGRESS_CHANNEL } as const;
export type Topic = keyof typeof TOPICS;

/**
 * Changes are announced on Redis pub/sub (by id) by whichever process made them, the API or the
 * worker; every API replica relays them to its own subscribers (and drops cached sign-ins of
 * erased accounts).
 */
@Injectable()
export class LiveUpdates implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('LiveUpdates');
  private readonly pubsub = new PubSub<Record<Topic, Changed>>();
  private subscriber: Redis | null = null;

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    @Inject(AccountService) private readonly accounts: AccountService,
  ) {}

  async onModuleInit(): Promise<void> {
    const topicOf = new Map(Object.entries(TOPICS).map(([topic, channel]) => [`${this.config.QUEUE_PREFIX}:${channel}`, topic as Topic]));
    const erased = `${this.config.QUEUE_PREFIX}:${ACCOUNT_ERASED_CHANNEL}`;
    this.subscriber = createRedis(this.config.REDIS_URL);
    this.subscriber.on('message', (channel: string, id: string) => {
      if (channel === erased) return this.accounts.forgetPerson(id);
      const topic = topicOf.get(channel);
      if (topic) void this.pubsub.publish(topic, { id });
    });
    try {
      await this.subscriber.subscribe(...topicOf.keys(), erased);
    } catch (error) {
      // ioredis resubscribes when Redis comes back; queries and mutations do not depend on this.
      this.logger.warn({ msg: 'live updates unavailable for now', error: (error as Error).name });
    }
  }

  iterator(topic: Topic): AsyncIterableIterator<Changed> {
    return this.pubsub.asyncIterableIterator(topic);
  }

  onApplicationShutdown(): void {
    this.subscriber?.disconnect();
  }
}
