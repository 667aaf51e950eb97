import type { JobsOptions } from 'bullmq';
import {
  BATCH_JOB_PRIORITY,
  batchChunkJobId,
  FEDERAL_BATCH_CHUNK_JOB,
  FEDERAL_INTAKE_CHUNK_JOB,
  FederalBatchChunkJobData,
  FederalChunkJobData,
  FederalSource,
  federalQueueName,
  intakeChunkJobId,
} from '@dxhub/contracts';
import { federalJobOptions } from './job-options';
import type { JobToAdd } from './outbox-dispatch';

/** A job on a source's federal queue, with that source's retry policy, under a deterministic id (in `opts`). */
export function federalJob(source: FederalSource, name: string, data: object, opts: JobsOptions): JobToAdd {
  return { queue: federalQueueName(source), name, data: data as Record<string, unknown>, opts: { ...federalJobOptions(source), ...opts } };
}

/**
 * The job that carries one chunk of a batch's lines of one source: in the batch lane (a priority), under an id
 * fixed by batch, chunk and source, so that re-dispatching the chunk after a crash adds nothing.
 */
export function jobForBatchChunk(batchId: string, chunk: number, source: FederalSource, lines: FederalBatchChunkJobData['lines']): JobToAdd {
  const data: FederalBatchChunkJobData = { batchId, lines };
  return federalJob(source, FEDERAL_BATCH_CHUNK_JOB, data, { priority: BATCH_JOB_PRIORITY, jobId: batchChunkJobId(batchId, chunk, source) });
}

/**
 * The one job of the verifications an intake statement stored together (FEDERAL_INTAKE_CHUNK_JOB): each of their
 * outbox rows makes the same job, under the same id, so the chunk is added once however many of its rows are relayed.
 */
export function jobForIntakeChunk(source: FederalSource, round: number, ids: string[]): JobToAdd {
  const data: FederalChunkJobData = { lines: ids.map((verificationId) => ({ verificationId, round })) };
  return federalJob(source, FEDERAL_INTAKE_CHUNK_JOB, data, { jobId: intakeChunkJobId(ids[0], round) });
}
