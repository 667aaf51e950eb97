/**
 * How long to keep trying a webhook delivery: growing delays from `baseMs` until `horizonMs` after the first
 * attempt. With the defaults (10 s, 24 h) the retries come after 10 s, 30 s and 60 s (the first three
 * attempts within 2 minutes, as the contract asks), then 5 and 15 minutes, and hours apart up to a day.
 */
export interface WebhookRetryPolicy {
  baseMs: number;
  horizonMs: number;
}

export const DEFAULT_WEBHOOK_RETRY: WebhookRetryPolicy = { baseMs: 10_000, horizonMs: 24 * 3600_000 };

// Each retry's delay in units of baseMs; the last one repeats until the horizon.
const DELAY_STEPS = [1, 3, 6, 30, 90, 180, 360, 720, 1440, 2880];

/**
 * BullMQ's ceiling on a delivery job's attempts. The schedule (not this number) ends a delivery: it is never
 * longer than this, so the job's attempts need not depend on settings the relay does not know.
 */
export const WEBHOOK_MAX_ATTEMPTS = 50;

/** The delays between attempts, in order: as many as fit within the horizon, at most WEBHOOK_MAX_ATTEMPTS - 1. */
export function webhookRetryDelays(policy: WebhookRetryPolicy): number[] {
  const delays: number[] = [];
  let elapsed = 0;
  while (delays.length < WEBHOOK_MAX_ATTEMPTS - 1) {
    const delay = policy.baseMs * DELAY_STEPS[Math.min(delays.length, DELAY_STEPS.length - 1)];
    if (elapsed + delay > policy.horizonMs) break;
    delays.push(delay);
    elapsed += delay;
  }
  return delays;
}

/** The wait after a delivery's `attempts`-th failed attempt (the schedule's last delay repeats). */
export function delayAfterAttempt(delays: number[], attempts: number): number {
  return delays[Math.min(attempts, delays.length) - 1] ?? 0;
}

/** How many attempts a delivery gets in all: the first, and one after each delay. */
export function webhookAttempts(policy: WebhookRetryPolicy): number {
  return webhookRetryDelays(policy).length + 1;
}
