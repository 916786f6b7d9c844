import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { withTimeout } from '#libs/common';
import { AppConfig } from '#libs/config';
import { onPathChangeCommitted, type PathChange } from '#libs/graph';
import { createRedis } from '#libs/queue';
import { PathIndexRepository } from './path-index.repository.js';
import { PathLogRelay } from './path-log.relay.js';

/** How often the relay looks for changes committed by other processes. */
const RELAY_POLL_MS = 200;
/** A member's own last change is remembered this long (their next query is seconds away, not hours). */
const OWN_WRITE_TTL_S = 600;

export const pathStreamKey = (prefix: string) => `${prefix}:paths:changes`;
export const ownWriteKey = (prefix: string, personId: string) => `${prefix}:paths:own:${personId}`;

/**
 * In every process that writes (API replicas and the worker): after a commit, notes the change as
 * its writers' own last write (read your writes on any replica) and relays it to the stream at once;
 * a poll relays changes committed elsewhere. Off with PATH_INDEX=off.
 */
@Injectable()
export class PathChangePublisher implements OnApplicationBootstrap, OnApplicationShutdown {
  private redis: Redis | null = null;
  private relay: PathLogRelay | null = null;
  private poll: NodeJS.Timeout | null = null;
  private unlisten: (() => void) | null = null;

  constructor(
    @Inject(PathIndexRepository) private readonly repo: PathIndexRepository,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.PATH_INDEX === 'on') this.start();
  }

  start(): void {
    if (this.redis) return;
    this.redis = createRedis(this.config.REDIS_URL);
    this.relay = new PathLogRelay(this.redis, pathStreamKey(this.config.QUEUE_PREFIX), this.repo);
    this.unlisten = onPathChangeCommitted((change) => this.committedHere(change));
    this.poll = setInterval(() => void this.relay?.kick(), RELAY_POLL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    this.unlisten?.();
    if (this.poll) clearInterval(this.poll);
    await this.relay?.kick().catch(() => undefined);
    this.redis?.disconnect();
  }

  private async committedHere(change: PathChange): Promise<void> {
    const redis = this.redis!;
    const pipeline = redis.pipeline();
    for (const id of (change.by ?? change.people).slice(0, 200)) pipeline.set(ownWriteKey(this.config.QUEUE_PREFIX, id), change.seq, 'EX', OWN_WRITE_TTL_S);
    // Bounded: while Redis is away a request must not wait for it (the member's next query then asks Neo4j).
    await withTimeout(
      pipeline.exec().then(() => undefined),
      1000,
      () => undefined,
    ).catch(() => undefined);
    void this.relay?.kick(change);
  }
}
