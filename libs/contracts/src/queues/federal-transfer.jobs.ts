import type { FederalSource } from '../services/federal-sources';

// Claim Check: jobs carry ids and a correlation id, never PII (Redis keeps job data in clear text).

/** Carry a verification to the federal Hub (the request itself). */
export const FEDERAL_TRANSFER_JOB = 'federal-transfer';
/** Ask the federal Hub for an asynchronous service's result. */
export const FEDERAL_POLL_JOB = 'federal-poll';
/** Carry a chunk of a batch's lines to the federal Hub (see batch-lanes.ts). */
export const FEDERAL_BATCH_CHUNK_JOB = 'federal-batch-chunk';

export interface FederalTransferJobData {
  verificationId: string;
  correlationId: string;
  /**
   * The dispatch round the job was made for. A re-drive or the reconciler starts a new round; a job of an
   * older round (say, relayed late) then finds its verification moved on and does nothing.
   */
  round: number;
  /** Poll jobs only: which poll of this verification this is (1, 2, ...). */
  pollNo?: number;
}

export function federalQueueName(source: FederalSource): string {
  return `federal-${source}`;
}

/** One job per verification and dispatch round: BullMQ dedups a re-relayed outbox row; a re-drive gets a new round. */
export function federalTransferJobId(verificationId: string, round: number): string {
  return `${verificationId}-r${round}`;
}

export function federalPollJobId(verificationId: string, round: number, pollNo: number): string {
  return `${verificationId}-r${round}-p${pollNo}`;
}

export interface FederalBatchChunkJobData {
  batchId: string;
  /** The chunk's lines of one source, each as a transfer job would carry it. */
  lines: Omit<FederalTransferJobData, 'pollNo'>[];
}

/** One job per batch, chunk and source (a batch may mix services): re-dispatching a chunk adds nothing. */
export function batchChunkJobId(batchId: string, chunk: number, source: FederalSource): string {
  return `${batchId}-c${chunk}-${source}`;
}
