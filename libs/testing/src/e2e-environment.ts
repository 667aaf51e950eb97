import { join } from 'node:path';
import { projectRoot } from '@dxhub/platform';
import { testSlot } from './test-slot';

// The end-to-end hub runs on its own ports, database, Redis db and key prefix: never a running hub's.
export const E2E_ROOT = projectRoot(__dirname);
export const E2E_LOG_DIR = join(E2E_ROOT, 'test', 'artifacts', 'logs');

export const E2E_ENV = {
  NODE_ENV: 'test',
  LOG_LEVEL: 'info',
  // The processes run as the least-privilege role, as `npm start` has them; tests inspect the database as its owner.
  DATABASE_URL: `postgres://dxhub_app@127.0.0.1:5432/${testSlot.database('dxhub_e2e')}`,
  DATABASE_OWNER_URL: `postgres://postgres@127.0.0.1:5432/${testSlot.database('dxhub_e2e')}`,
  REDIS_URL: `redis://127.0.0.1:6379/${testSlot.redisDb(2)}`,
  REDIS_PREFIX: testSlot.prefix('dxhub-e2e'),
  GATEWAY_PORT: testSlot.port(13000),
  CONSOLE_PORT: testSlot.port(13001),
  BROKER_HEALTH_PORT: testSlot.port(13002),
  FEDERAL_HUB_PORT: testSlot.port(14000),
  FEDERAL_HUB_URL: `http://127.0.0.1:${testSlot.port(14000)}`,
  HUB_ADMIN_TOKEN: 'e2e-admin-token-0123456789',
  // Short enough that the Slow trigger and retries finish within a test's time.
  FEDERAL_TIMEOUT_MS: '1500',
  SIMULATOR_SLOW_MS: '4000',
  WEBHOOK_RETRY_BASE_MS: '300', // webhook retries 0.3 s, 0.9 s, 1.8 s, ... apart
  WEBHOOK_RETRY_HORIZON_MS: '3000', // ... and given up after about 3 s (4 attempts)
  // The reconciler second-guesses a verification idle this long (60 s by default).
  RECONCILE_IDLE_MS: '1500',
  // Circuits trip sooner and reopen faster than in production, so tests see them without waiting long.
  CIRCUIT_MIN_CALLS: '8',
  CIRCUIT_OPEN_MS: '1000',
  // The message-broker channel in a RabbitMQ virtual host of its own (re-created by the global setup).
  AMQP_URL: `amqp://guest:guest@127.0.0.1:5672/${testSlot.prefix('dxhub-e2e')}`,
  AMQP_MANAGEMENT_URL: 'http://guest:guest@127.0.0.1:15672',
  // Tests send bursts with one key (the chaos run 50 a second); rate-limit.e2e-spec.ts runs its own limited gateway.
  RATE_LIMIT_PER_MINUTE: '0',
  // The journal's chain head is signed every second, so tests see checkpoints without waiting a minute.
  AUDIT_CHECKPOINT_EVERY_MS: '1000',
} as const;

export const urls = {
  gateway: `http://127.0.0.1:${E2E_ENV.GATEWAY_PORT}`,
  console: `http://127.0.0.1:${E2E_ENV.CONSOLE_PORT}`,
  broker: `http://127.0.0.1:${E2E_ENV.BROKER_HEALTH_PORT}`,
  federalHub: `http://127.0.0.1:${E2E_ENV.FEDERAL_HUB_PORT}`,
};
