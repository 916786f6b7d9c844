import { Redis, type RedisOptions } from 'ioredis';

/** BullMQ needs maxRetriesPerRequest: null on connections used by workers. */
export function createRedis(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false, ...options });
}

/**
 * Refuses to run on a Redis that may evict keys or lose queued jobs on restart
 * (see ARCHITECTURE.md: noeviction and AOF).
 */
export async function checkRedisPolicy(redis: Redis): Promise<string[]> {
  const problems: string[] = [];
  const [, policy] = (await redis.config('GET', 'maxmemory-policy')) as [string, string];
  if (policy !== 'noeviction') problems.push(`Redis maxmemory-policy is "${policy}", expected "noeviction"`);
  const [, aof] = (await redis.config('GET', 'appendonly')) as [string, string];
  if (aof !== 'yes') problems.push('Redis appendonly is off, expected AOF on (appendonly yes)');
  return problems;
}
