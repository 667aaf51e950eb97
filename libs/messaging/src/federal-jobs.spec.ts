import { BATCH_JOB_PRIORITY, batchChunkOf, FEDERAL_BATCH_CHUNK_JOB } from '@dxhub/contracts';
import { jobForBatchChunk } from './federal-jobs';
import { RETRY_POLICIES } from './retry-policy';

describe('jobForBatchChunk', () => {
  const lines = [
    { verificationId: 'ver_A', round: 0, correlationId: 'corr-a' },
    { verificationId: 'ver_B', round: 0, correlationId: 'corr-b' },
  ];

  it('carries ids only, on the source queue, in the batch lane, under an id fixed by batch, chunk and source', () => {
    const job = jobForBatchChunk('bat_1', 3, 'dhs', lines);
    expect(job).toMatchObject({ queue: 'federal-dhs', name: FEDERAL_BATCH_CHUNK_JOB, data: { batchId: 'bat_1', lines } });
    expect(job.opts).toMatchObject({ jobId: 'bat_1-c3-dhs', priority: BATCH_JOB_PRIORITY, attempts: RETRY_POLICIES.dhs.attempts });
    expect(jobForBatchChunk('bat_1', 3, 'dhs', lines.slice(1)).opts.jobId).toBe(job.opts.jobId);
  });

  it('puts lines 1-25 in chunk 0, 26-50 in chunk 1', () => {
    expect([1, 25, 26, 50, 51, 100_000].map(batchChunkOf)).toEqual([0, 0, 1, 1, 2, 3999]);
  });
});
