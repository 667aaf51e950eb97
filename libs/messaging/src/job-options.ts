import type { JobsOptions } from 'bullmq';
import { FederalSource, FEDERAL_SOURCES, federalQueueName } from '@dxhub/contracts';
import { RETRY_POLICIES } from './retry-policy';
import { WEBHOOK_MAX_ATTEMPTS } from './webhook-retry-policy';

// Finished jobs are evidence only for a while: Postgres keeps the record (ARCHITECTURE.md §11).
export const KEEP_COMPLETED = { age: 3600, count: 10_000 };
export const KEEP_FAILED = { age: 7 * 24 * 3600, count: 50_000 };

/** Per-queue worker settings; FEDERAL_CONCURRENCY overrides the default for every federal queue. */
export interface QueueSettings {
  concurrency: number;
  /** How long a worker may hold a job before it counts as stalled and another worker takes it. */
  lockDurationMs: number;
}

export function federalQueueSettings(concurrency: number): Record<string, QueueSettings> {
  return Object.fromEntries(FEDERAL_SOURCES.map((source) => [federalQueueName(source), { concurrency, lockDurationMs: 60_000 }]));
}

export function federalJobOptions(source: FederalSource): JobsOptions {
  return {
    attempts: RETRY_POLICIES[source].attempts,
    backoff: { type: 'federal' },
    removeOnComplete: KEEP_COMPLETED,
    removeOnFail: KEEP_FAILED,
  };
}

/**
 * Webhook deliveries: as many in flight as a federal queue, so that a completion and its webhook keep pace
 * under load. Each waits up to WEBHOOK_TIMEOUT_MS (10 s) on the exchange, so the lock is well above it.
 */
export function deliveryQueueSettings(concurrency: number): QueueSettings {
  return { concurrency, lockDurationMs: 60_000 };
}

/** The retry schedule (webhook-retry-policy.ts) ends a delivery; `attempts` is only BullMQ's ceiling. */
export function deliveryJobOptions(): JobsOptions {
  return { attempts: WEBHOOK_MAX_ATTEMPTS, backoff: { type: 'webhook' }, removeOnComplete: KEEP_COMPLETED, removeOnFail: KEEP_FAILED };
}
