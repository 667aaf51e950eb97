import Redis from 'ioredis';
import { Client } from 'pg';
import { exitWithMessage, safeUrl } from './fatal';

const PROBE_TIMEOUT_MS = 3000;
const UNDEFINED_DATABASE = '3D000';

export const HOW_TO_START = {
  postgres: 'start it (pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start) or set DATABASE_URL',
  redis: 'start it (redis-server --daemonize yes --bind 127.0.0.1 --port 6379) or set REDIS_URL',
};

export async function probePostgres(url: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: PROBE_TIMEOUT_MS });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function probeRedis(url: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: PROBE_TIMEOUT_MS, maxRetriesPerRequest: 0, retryStrategy: () => null });
  // connect() rejects with a generic "Connection is closed"; the error event has the cause (ECONNREFUSED…).
  let cause: Error | undefined;
  redis.on('error', (error: Error) => (cause ??= error));
  try {
    await redis.connect().catch((error: Error) => Promise.reject(cause ?? error));
    await redis.ping();
  } finally {
    redis.disconnect();
  }
}

function reason(error: unknown): string {
  const e = error as { code?: string; message?: string };
  return e.code ?? e.message ?? String(error);
}

/** Exits with one clear line when PostgreSQL or Redis cannot be reached, before Nest starts. */
export async function assertDependenciesReachable(
  processName: string,
  urls: { databaseUrl?: string; redisUrl?: string },
): Promise<void> {
  if (urls.databaseUrl) {
    await probePostgres(urls.databaseUrl).catch((error) =>
      (error as { code?: string }).code === UNDEFINED_DATABASE
        ? exitWithMessage(processName, `database ${safeUrl(urls.databaseUrl!)} does not exist: create it with \`npm run dxhub -- db:setup\` (npm start does this for you).`)
        : exitWithMessage(processName, `cannot reach PostgreSQL at ${safeUrl(urls.databaseUrl!)} (${reason(error)}): ${HOW_TO_START.postgres}.`),
    );
  }
  if (urls.redisUrl) {
    await probeRedis(urls.redisUrl).catch((error) =>
      exitWithMessage(processName, `cannot reach Redis at ${safeUrl(urls.redisUrl!)} (${reason(error)}): ${HOW_TO_START.redis}.`),
    );
  }
}
