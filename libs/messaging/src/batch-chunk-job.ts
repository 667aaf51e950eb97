import {
  BATCH_JOB_PRIORITY,
  batchChunkJobId,
  FEDERAL_BATCH_CHUNK_JOB,
  FederalBatchChunkJobData,
  FederalSource,
  federalQueueName,
} from '@dxhub/contracts';
import { federalJobOptions } from './job-options';
import type { JobToAdd } from './outbox-dispatch';

/**
 * The job that carries one chunk of a batch's lines of one source: the source's retry policy, in the batch
 * lane (a priority), under a deterministic id, so that re-dispatching the chunk after a crash adds nothing.
 */
export function jobForBatchChunk(batchId: string, chunk: number, source: FederalSource, lines: FederalBatchChunkJobData['lines']): JobToAdd {
  const data: FederalBatchChunkJobData = { batchId, lines };
  return {
    queue: federalQueueName(source),
    name: FEDERAL_BATCH_CHUNK_JOB,
    data: { ...data },
    opts: { ...federalJobOptions(source), priority: BATCH_JOB_PRIORITY, jobId: batchChunkJobId(batchId, chunk, source) },
  };
}
