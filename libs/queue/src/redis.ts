import { Redis, type RedisOptions } from 'ioredis';

/** BullMQ needs maxRetriesPerRequest: null on connections used by workers. */
export function createRedis(url: string, options: RedisOptions = {}): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false, ...options });
  // ioredis reconnects by itself; report an outage once a minute rather than on every attempt.
  let lastReport = 0;
  redis.on('error', (error: Error & { code?: string }) => {
    if (Date.now() - lastReport < 60_000) return;
    lastReport = Date.now();
    process.stderr.write(
      `${JSON.stringify({ time: new Date().toISOString(), level: 'warn', context: 'Redis', msg: 'redis unavailable, retrying', code: error.code ?? error.name })}\n`,
    );
  });
  return redis;
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
