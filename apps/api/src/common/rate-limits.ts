import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { rateLimited } from '#libs/common';
import { AppConfig } from '#libs/config';
import { createRedis } from '#libs/queue';

export type LimitName = 'account' | 'ip' | 'introduction' | 'import';

const LIMITS: Record<LimitName, { what: string; duration: number; points: (c: AppConfig) => number }> = {
  account: { what: 'requests from this account', duration: 60, points: (c) => c.RATE_LIMIT_ACCOUNT_PER_MINUTE },
  ip: { what: 'requests from this address', duration: 60, points: (c) => c.RATE_LIMIT_IP_PER_MINUTE },
  introduction: { what: 'introduction requests', duration: 3600, points: (c) => c.RATE_LIMIT_INTRO_PER_HOUR },
  import: { what: 'contact imports', duration: 3600, points: (c) => c.RATE_LIMIT_IMPORT_PER_HOUR },
};

/**
 * Fixed-window counters in Redis (rate-limiter-flexible), so limits hold across API replicas.
 * Its own connection fails fast instead of queueing while Redis is away; during an outage each
 * replica falls back to an in-memory counter with the same limits rather than refusing everyone.
 */
@Injectable()
export class RateLimits implements OnModuleDestroy {
  private readonly redis;
  private readonly limiters = new Map<LimitName, RateLimiterAbstract>();

  constructor(@Inject(AppConfig) config: AppConfig) {
    this.redis = createRedis(config.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    for (const [name, limit] of Object.entries(LIMITS) as [LimitName, (typeof LIMITS)[LimitName]][]) {
      const points = limit.points(config);
      if (points === 0) continue;
      const keyPrefix = `${config.QUEUE_PREFIX}:rl:${name}`;
      this.limiters.set(
        name,
        new RateLimiterRedis({
          storeClient: this.redis,
          keyPrefix,
          points,
          duration: limit.duration,
          insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration: limit.duration }),
        }),
      );
    }
  }

  /** Counts one use; throws RATE_LIMITED with the seconds until the window resets when over. */
  async consume(name: LimitName, key: string): Promise<void> {
    const limiter = this.limiters.get(name);
    if (!limiter) return;
    try {
      await limiter.consume(key);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) throw rateLimited(LIMITS[name].what, Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
      throw rejection;
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.redis.disconnect();
  }
}
