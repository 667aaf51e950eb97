import type { FederalSource } from '../services/federal-sources';
import { BATCH_CHUNK_LINES } from './batch-lanes';

// Claim Check: jobs carry ids and a correlation id, never PII (Redis keeps job data in clear text).

/** Carry a verification to the federal Hub (the request itself). */
export const FEDERAL_TRANSFER_JOB = 'federal-transfer';
/** Ask the federal Hub for an asynchronous service's result. */
export const FEDERAL_POLL_JOB = 'federal-poll';
/** Carry a chunk of a batch's lines to the federal Hub (see batch-lanes.ts). */
export const FEDERAL_BATCH_CHUNK_JOB = 'federal-batch-chunk';
/**
 * Carry the verifications of one source that one intake statement stored, together: their worker's load, start
 * and end statements and BullMQ's fetch and completion are then shared, as a batch chunk's are. Made from any
 * of their outbox rows alike (FederalTransferOutboxPayload.chunk), so a row relayed again adds nothing.
 */
export const FEDERAL_INTAKE_CHUNK_JOB = 'federal-intake-chunk';
/** The most verifications an intake chunk carries: as many as a batch chunk. */
export const INTAKE_CHUNK_LINES = BATCH_CHUNK_LINES;
/** Whether a job carries several verifications (`lines`) rather than one. */
export const isFederalChunkJob = (name: string): boolean => name === FEDERAL_BATCH_CHUNK_JOB || name === FEDERAL_INTAKE_CHUNK_JOB;

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

/** One verification of a chunk job, as its own transfer job would carry it (an intake chunk's lines name no correlation id). */
export type FederalChunkLine = Omit<FederalTransferJobData, 'pollNo' | 'correlationId'> & { correlationId?: string };

export interface FederalChunkJobData {
  /** The chunk's lines, all of one source. */
  lines: FederalChunkLine[];
}

export interface FederalBatchChunkJobData extends FederalChunkJobData {
  batchId: string;
}

/** An intake chunk is named after its first verification, which no other chunk carries. */
export function intakeChunkJobId(firstVerificationId: string, round: number): string {
  return `${firstVerificationId}-r${round}-chunk`;
}

/** One job per batch, chunk and source (a batch may mix services): re-dispatching a chunk adds nothing. */
export function batchChunkJobId(batchId: string, chunk: number, source: FederalSource): string {
  return `${batchId}-c${chunk}-${source}`;
}
