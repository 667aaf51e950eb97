import type { VerificationStatus } from '../verification/verification-status';

// Batches (CONTRACT: POST /v1/batches): many verification requests in one NDJSON upload, each line the body
// of a POST /v1/verifications. Each line becomes an ordinary verification that remembers its batch and line.

/** A batch is `in_progress` until every line is completed, failed or cancelled; then `completed` (once). */
export const BATCH_STATUSES = ['in_progress', 'completed'] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

/** CONTRACT: up to 100,000 lines, 100 MB. */
export const BATCH_MAX_LINES = 100_000;
export const BATCH_BODY_LIMIT_BYTES = 100 * 1024 * 1024;
export const BATCH_BODY_LIMIT_TEXT = '100 MB';
/** One line is one verification request: the same 1 MB limit as POST /v1/verifications. */
export const BATCH_LINE_LIMIT_BYTES = 1024 * 1024;
export const NDJSON_CONTENT_TYPE = 'application/x-ndjson';

/** The line statuses that count as done for the batch (a failed line may still be re-driven by an operator). */
export const BATCH_LINE_DONE_STATUSES: readonly VerificationStatus[] = ['completed', 'failed', 'cancelled'];

/** GET /v1/batches/{id}; also the `data` of a `batch.completed` webhook delivery. */
export interface BatchResource {
  id: string;
  status: BatchStatus;
  total: number;
  /** Lines by verification status; only statuses with at least one line appear. */
  counts: Partial<Record<VerificationStatus, number>>;
  createdAt: string;
  completedAt: string | null;
}

/** What 202 (and the replay of an Idempotency-Key) answers. */
export type AcceptedBatch = Pick<BatchResource, 'id' | 'status' | 'total'>;
