import { z } from 'zod';
import { amqpEnv, coreEnv } from '@dxhub/hub-core';
import { DEV_DEFAULTS, loadConfig, ports, refuseInsecureDefaults } from '@dxhub/platform';

const schema = z.object({
  ...coreEnv,
  ...amqpEnv,
  BROKER_HEALTH_PORT: ports.BROKER_HEALTH_PORT,
  FEDERAL_HUB_URL: z.string().url().default('http://127.0.0.1:4000'),
  FEDERAL_CLIENT_ID: z.string().min(1).default(DEV_DEFAULTS.FEDERAL_CLIENT_ID),
  FEDERAL_CLIENT_SECRET: z.string().min(1).default(DEV_DEFAULTS.FEDERAL_CLIENT_SECRET),
  FEDERAL_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(10_000),
  /** First wait before polling an asynchronous service (VLP steps 2 and 3) for its result. */
  FEDERAL_POLL_INTERVAL_MS: z.coerce.number().int().min(100).max(86_400_000).default(2000),
  /** Circuit breaker per federal source: opens at this failure rate once this many calls are in the window. */
  CIRCUIT_MIN_CALLS: z.coerce.number().int().min(1).max(100_000).default(20),
  CIRCUIT_FAILURE_RATE: z.coerce.number().min(0.01).max(1).default(0.5),
  CIRCUIT_WINDOW_MS: z.coerce.number().int().min(1000).max(3_600_000).default(30_000),
  /** How long an open circuit waits before a probe call. */
  CIRCUIT_OPEN_MS: z.coerce.number().int().min(100).max(3_600_000).default(15_000),
  /** How often the reconciler runs on its own (it also runs when an operator asks). */
  RECONCILE_EVERY_MS: z.coerce.number().int().min(1000).max(86_400_000).default(60_000),
  /** How long an open verification must sit still before the reconciler checks on its job. */
  RECONCILE_IDLE_MS: z.coerce.number().int().min(0).max(86_400_000).default(60_000),
  /** Jobs in flight per federal queue in this process. */
  FEDERAL_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(150),
  /** One webhook POST's time limit (CONTRACT: no answer in 10 s is a failed attempt). */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** The first retry's delay; later ones grow from it (10 s, 30 s, 60 s, 5 min, ...). */
  WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(10_000),
  /** How long after the first attempt a delivery is still retried before it fails. */
  WEBHOOK_RETRY_HORIZON_MS: z.coerce.number().int().min(0).max(7 * 86_400_000).default(86_400_000),
  /** Ed25519 seed (32 bytes, base64) the journal's checkpoints are signed with; only the broker holds it. */
  AUDIT_SIGNING_KEY: z.string().default(DEV_DEFAULTS.AUDIT_SIGNING_KEY),
  /** How often the chain head is signed into a checkpoint. */
  AUDIT_CHECKPOINT_EVERY_MS: z.coerce.number().int().min(1000).max(86_400_000).default(60_000),
  /** How long journal events are kept (7 years by default, IRS Pub 1075 / NIST AU-11); whole months are dropped. */
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(31).max(36_500).default(2557),
  /** How long the chainer rests when nothing is waiting to be linked. */
  AUDIT_CHAIN_IDLE_MS: z.coerce.number().int().min(5).max(60_000).default(50),
  /** Batch chunk jobs (25 lines each) waiting or active in the federal queues at most: keep it well below FEDERAL_CONCURRENCY. */
  BATCH_IN_FLIGHT: z.coerce.number().int().min(1).max(10_000).default(6),
  /** How often the batch dispatcher tops the lane up while a batch is being worked. */
  BATCH_DISPATCH_EVERY_MS: z.coerce.number().int().min(5).max(60_000).default(20),
  /** How often finished batches are looked for (their batch.completed webhook). */
  BATCH_SWEEP_EVERY_MS: z.coerce.number().int().min(10).max(3_600_000).default(1000),
});

export type BrokerConfig = z.infer<typeof schema>;

export function loadBrokerConfig(env: NodeJS.ProcessEnv = process.env): BrokerConfig {
  return refuseInsecureDefaults(loadConfig(schema, env), ['PII_ENCRYPTION_KEY', 'AUDIT_SEAL_KEY', 'AUDIT_SIGNING_KEY', 'FEDERAL_CLIENT_SECRET', 'AMQP_URL']);
}
