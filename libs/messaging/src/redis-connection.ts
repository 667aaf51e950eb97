import Redis, { RedisOptions } from 'ioredis';

/**
 * Workers block on Redis and must never give up a command (maxRetriesPerRequest: null); producers on the
 * request path fail fast instead of queueing commands while Redis is away (ARCHITECTURE.md §10).
 */
export function createRedis(url: string, role: 'worker' | 'producer', name: string): Redis {
  const options: RedisOptions =
    role === 'worker' ? { maxRetriesPerRequest: null, connectionName: name } : { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectionName: name };
  return new Redis(url, options);
}

/** BullMQ key prefix; the braces make every key of the hub one Redis Cluster hash slot. */
export function queuePrefix(redisPrefix: string): string {
  return `{${redisPrefix}}`;
}
