import type { FederalSource } from '@dxhub/contracts';

/** How hard to try one federal source: one row per source, overridable per environment later. */
export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A transfer queued or in progress longer than this is past hope: the reconciler fails it. */
  deadlineMs: number;
}

// Defaults keep a failing transfer's whole life well inside the contract's 3 minutes: at most 5 calls of
// FEDERAL_TIMEOUT_MS (10 s) plus backoffs of at most 1+2+4+8 s.
const DEFAULT_POLICY: RetryPolicy = { attempts: 5, baseDelayMs: 1000, maxDelayMs: 30_000, deadlineMs: 15 * 60_000 };

export const RETRY_POLICIES: Record<FederalSource, RetryPolicy> = {
  ssa: DEFAULT_POLICY,
  dhs: DEFAULT_POLICY,
  irs: DEFAULT_POLICY,
  equifax: DEFAULT_POLICY,
  opm: DEFAULT_POLICY,
  'cms-mec': DEFAULT_POLICY,
  experian: DEFAULT_POLICY,
};

/**
 * How long to wait before asking an asynchronous service for its result again: growing from the base
 * interval by half each poll, capped (DHS answers VLP steps 2 and 3 in days; the simulator in seconds).
 */
export function pollDelay(baseMs: number, pollNo: number, capMs = 15 * 60_000): number {
  return Math.min(capMs, Math.round(baseMs * 1.5 ** Math.max(0, pollNo - 1)));
}

/** Exponential backoff with full jitter: uniform in [0, min(max, base * 2^(attempt-1))]. */
export function backoffDelay(policy: RetryPolicy, attemptsMade: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attemptsMade - 1));
  return Math.floor(random() * ceiling);
}

export type FailureClass = 'retryable' | 'permanent';

export interface FederalFailure {
  /** null when no HTTP answer came (timeout, connection refused or reset). */
  httpStatus: number | null;
  responseCode: string | null;
}

/** HE codes that report a failure of the source's systems despite their prefix: IRS's HE020001 "Systemic Error" (IFSV). */
const SYSTEMIC_HE_CODES: ReadonlySet<string> = new Set(['HE020001']);

/**
 * The one place that decides whether a failed federal call is worth repeating: no answer, 5xx, 429, HX
 * (system) codes and the systemic HE codes are retryable; other HE (business/data) codes and other 4xx
 * are permanent.
 */
export function classifyFederalFailure(failure: FederalFailure): FailureClass {
  if (failure.responseCode && SYSTEMIC_HE_CODES.has(failure.responseCode)) return 'retryable';
  if (failure.responseCode?.startsWith('HE')) return 'permanent';
  if (failure.responseCode?.startsWith('HX')) return 'retryable';
  if (failure.httpStatus === null || failure.httpStatus >= 500 || failure.httpStatus === 429 || failure.httpStatus === 401) return 'retryable';
  return 'permanent';
}
