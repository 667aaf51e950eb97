import { join } from 'node:path';
import { Client } from 'pg';
import { maintenanceUrl, prepareDatabase } from '@dxhub/persistence';
import { E2E_ENV, E2E_ROOT, testSlot } from '@dxhub/testing';

// The chaos run has a hub of its own (database, Redis db and prefix, ports), apart from the e2e suite's,
// so that it may kill processes and flush Redis without disturbing anything else.
export const CHAOS_LOG_DIR = join(E2E_ROOT, 'test', 'artifacts', 'chaos-logs');

export const CHAOS_ENV = {
  ...E2E_ENV,
  // Info logs of a thousand transfers slow a 2-core machine down; warnings and errors are what a post-mortem needs.
  LOG_LEVEL: 'warn',
  DATABASE_URL: `postgres://dxhub_app@127.0.0.1:5432/${testSlot.database('dxhub_chaos')}`,
  DATABASE_OWNER_URL: `postgres://postgres@127.0.0.1:5432/${testSlot.database('dxhub_chaos')}`,
  REDIS_URL: `redis://127.0.0.1:6379/${testSlot.redisDb(3)}`,
  REDIS_PREFIX: testSlot.prefix('dxhub-chaos'),
  GATEWAY_PORT: testSlot.port(15000),
  CONSOLE_PORT: testSlot.port(15001),
  BROKER_HEALTH_PORT: testSlot.port(15002),
  FEDERAL_HUB_PORT: testSlot.port(15050),
  FEDERAL_HUB_URL: `http://127.0.0.1:${testSlot.port(15050)}`,
  FEDERAL_TIMEOUT_MS: '1500',
  // Short, so that work lost with the broker or with Redis is found by the reconciler within the run.
  RECONCILE_IDLE_MS: '2000',
  // The chaos run proves the HTTP path; the AMQP channel has its own end-to-end tests.
  AMQP_URL: 'off',
} as const;

export const chaosUrls = {
  gateway: `http://127.0.0.1:${CHAOS_ENV.GATEWAY_PORT}`,
  console: `http://127.0.0.1:${CHAOS_ENV.CONSOLE_PORT}`,
  federalHub: `http://127.0.0.1:${CHAOS_ENV.FEDERAL_HUB_PORT}`,
};

/** Drops and recreates the chaos database, then migrates it (recreateDatabase only drops e2e/test names). */
export async function recreateChaosDatabase(): Promise<void> {
  const url = CHAOS_ENV.DATABASE_OWNER_URL;
  const admin = new Client({ connectionString: maintenanceUrl(url) });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${new URL(url).pathname.slice(1)}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  await prepareDatabase(url, CHAOS_ENV.DATABASE_URL);
}
