import { z } from 'zod';
import { ConfigError } from './load-config';

/** Development defaults that production must never run with (checked by `refuseInsecureDefaults`). */
export const DEV_DEFAULTS = {
  HUB_ADMIN_TOKEN: 'dev-admin-token',
  // 32 bytes, base64: only for development and tests.
  PII_ENCRYPTION_KEY: 'ZGV2LW9ubHktcGlpLWtleS1kby1ub3QtdXNlLTMyYiE=',
  FEDERAL_CLIENT_ID: 'dxhub-dev',
  FEDERAL_CLIENT_SECRET: 'dxhub-dev-secret',
  // 32 bytes, base64: the journal's seal (HMAC) key, and the Ed25519 seed checkpoints are signed with.
  AUDIT_SEAL_KEY: 'ZGV2LW9ubHktYXVkaXQtc2VhbC1rZXktbm90LWZvci0=',
  AUDIT_SIGNING_KEY: 'ZGV2LW9ubHktYXVkaXQtc2lnbmluZy1zZWVkLTMyYiE=',
  // The public half of the development signing key (what verifiers trust).
  AUDIT_CHECKPOINT_PUBLIC_KEY: 'rzQpiLWmiTMrejTrxWpphZyeWCsRX0VZWKVVsR/y9ys=',
  // The PostgreSQL role the processes run as, next to the owner that migrates (see database-roles.ts).
  DATABASE_URL: 'postgres://dxhub_app@127.0.0.1:5432/dxhub',
  DATABASE_OWNER_URL: 'postgres://postgres@127.0.0.1:5432/dxhub',
  // RabbitMQ's own default user, which it lets in from localhost only.
  AMQP_URL: 'amqp://guest:guest@127.0.0.1:5672',
} as const;

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);

/** Variables every hub process reads. */
export const sharedEnv = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // The processes' own least-privilege role: it may not UPDATE, DELETE or TRUNCATE the audit journal.
  DATABASE_URL: z.string().url().default(DEV_DEFAULTS.DATABASE_URL),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  // Every Redis key and BullMQ queue is namespaced by this; the braces make it a Redis Cluster hash tag.
  REDIS_PREFIX: z.string().regex(/^[a-z0-9-]+$/).default('dxhub'),
  // REDIS_URL is then one seed node of a Redis Cluster (docs/scaling.md).
  REDIS_CLUSTER: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((value) => value === 'true' || value === '1'),
  HOST: z.string().default('127.0.0.1'),
};

export const ports = {
  GATEWAY_PORT: port(3000),
  CONSOLE_PORT: port(3001),
  BROKER_HEALTH_PORT: port(3002),
  FEDERAL_HUB_PORT: port(4000),
};

/** Replica n (from 0) of a process listens 10 ports above the first (npm start's brokers, the bench's replicas). */
export function replicaPort(firstPort: number, n: number): number {
  return firstPort + 10 * n;
}

/** In production, a secret left at its development default is a fatal configuration error. */
export function refuseInsecureDefaults<T extends { NODE_ENV: string }>(
  config: T,
  names: readonly (keyof typeof DEV_DEFAULTS & keyof T)[],
): T {
  if (config.NODE_ENV !== 'production') return config;
  const insecure = names.filter((name) => !config[name] || config[name] === (DEV_DEFAULTS[name] as unknown));
  if (insecure.length) {
    throw new ConfigError(
      `refusing to start in production with missing or development values for ${insecure.join(', ')}: set them in the environment`,
    );
  }
  return config;
}
