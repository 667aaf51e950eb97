import type { HealthCheck } from './health-check';

export function databaseCheck(db: { query(sql: string): Promise<unknown> }): HealthCheck {
  return { name: 'database', check: async () => void (await db.query('SELECT 1')) };
}

export function redisCheck(redis: { ping(): Promise<unknown> }): HealthCheck {
  return { name: 'redis', check: async () => void (await redis.ping()) };
}

/** A peer HTTP service that must answer 2xx (e.g. the broker's view of the federal Hub). */
export function httpCheck(name: string, url: string): HealthCheck {
  return {
    name,
    check: async () => {
      const response = await fetch(url, { signal: AbortSignal.timeout(1500) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
    },
  };
}
