import Redis, { Cluster, RedisOptions } from 'ioredis';

/**
 * Workers block on Redis and must never give up a command (maxRetriesPerRequest: null); producers on the
 * request path fail fast instead of queueing commands while Redis is away (ARCHITECTURE.md §10).
 * With `cluster` (REDIS_CLUSTER), `url` is one seed node of a Redis Cluster (with its credentials); the client
 * finds the others. Every key of the hub carries the `{prefix}` hash tag, so it all lives in one slot (docs/scaling.md).
 */
export function createRedis(url: string, role: 'worker' | 'producer', name: string, cluster = false): Redis {
  const options: RedisOptions =
    role === 'worker' ? { maxRetriesPerRequest: null, connectionName: name } : { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectionName: name };
  if (!cluster) return new Redis(url, options);
  const seed = new URL(url);
  const client = new Cluster([{ host: seed.hostname, port: Number(seed.port || 6379) }], {
    enableOfflineQueue: role === 'worker',
    redisOptions: { ...options, username: decodeURIComponent(seed.username) || undefined, password: decodeURIComponent(seed.password) || undefined },
  });
  // A Cluster client speaks the same commands (and BullMQ takes either); typed as Redis for the hub's one REDIS token.
  return client as unknown as Redis;
}

/** BullMQ key prefix; the braces make every key of the hub one Redis Cluster hash slot. */
export function queuePrefix(redisPrefix: string): string {
  return `{${redisPrefix}}`;
}
