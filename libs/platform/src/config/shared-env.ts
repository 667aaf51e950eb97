import { z } from 'zod';
import { ConfigError } from './load-config';

/** Development defaults that production must never run with (checked by `refuseInsecureDefaults`). */
export const DEV_DEFAULTS = {
  HUB_ADMIN_TOKEN: 'dev-admin-token',
  // 32 bytes, base64: only for development and tests.
  PII_ENCRYPTION_KEY: 'ZGV2LW9ubHktcGlpLWtleS1kby1ub3QtdXNlLTMyYiE=',
  FEDERAL_CLIENT_ID: 'dxhub-dev',
  FEDERAL_CLIENT_SECRET: 'dxhub-dev-secret',
} as const;

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);

/** Variables every hub process reads. */
export const sharedEnv = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/dxhub'),
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
