import { FEDERAL_INTAKE_CHUNK_JOB, FEDERAL_POLL_JOB, FEDERAL_TRANSFER_JOB, OUTBOX_TOPICS } from '@dxhub/contracts';
import { jobForOutboxRow, jobsForOutboxRows } from './outbox-dispatch';

describe('jobForOutboxRow', () => {
  const base = { verificationId: 'ver_01J00000000000000000000000', source: 'dhs', round: 2, correlationId: 'corr-1' };

  it('turns a transfer row into a job on its source queue, carrying ids only', () => {
    const job = jobForOutboxRow({ id: '1', topic: OUTBOX_TOPICS.federalTransfer, payload: base });
    expect(job).toMatchObject({ queue: 'federal-dhs', name: FEDERAL_TRANSFER_JOB });
    expect(job.data).toEqual({ verificationId: base.verificationId, correlationId: 'corr-1', round: 2 });
    expect(job.opts.jobId).toBe(`${base.verificationId}-r2`);
    expect(job.opts.delay).toBeUndefined();
  });

  it('turns the rows of an intake chunk into one and the same job, named after its first verification', () => {
    const chunk = ['ver_01J0000000000000000000000A', 'ver_01J0000000000000000000000B', 'ver_01J0000000000000000000000C'];
    const jobs = chunk.map((verificationId, i) =>
      jobForOutboxRow({ id: String(10 + i), topic: OUTBOX_TOPICS.federalTransfer, payload: { ...base, verificationId, chunk } }),
    );
    expect(jobs[0]).toMatchObject({ queue: 'federal-dhs', name: FEDERAL_INTAKE_CHUNK_JOB });
    expect(jobs[0].data).toEqual({ lines: chunk.map((verificationId) => ({ verificationId, round: 2 })) });
    expect(jobs[0].opts).toMatchObject({ jobId: `${chunk[0]}-r2-chunk`, attempts: expect.any(Number) });
    expect(jobs[0].opts.priority).toBeUndefined(); // an interactive job, not in the batch lane
    expect(jobs[1]).toEqual(jobs[0]);
    expect(jobs[2]).toEqual(jobs[0]);
  });

  it('turns a row whose chunk is itself alone into its own transfer job', () => {
    const job = jobForOutboxRow({ id: '1', topic: OUTBOX_TOPICS.federalTransfer, payload: { ...base, chunk: [base.verificationId] } });
    expect(job).toMatchObject({ name: FEDERAL_TRANSFER_JOB, opts: { jobId: `${base.verificationId}-r2` } });
  });

  it('turns a poll row into a delayed poll job with its own id per poll', () => {
    const job = jobForOutboxRow({ id: '2', topic: OUTBOX_TOPICS.federalPoll, payload: { ...base, pollNo: 3, delayMs: 4500 } });
    expect(job).toMatchObject({ queue: 'federal-dhs', name: FEDERAL_POLL_JOB, data: { verificationId: base.verificationId, correlationId: 'corr-1', round: 2, pollNo: 3 } });
    expect(job.opts).toMatchObject({ jobId: `${base.verificationId}-r2-p3`, delay: 4500 });
  });

  it('turns a delivery row into a job on the deliveries queue, keyed by the delivery id', () => {
    const job = jobForOutboxRow({ id: '4', topic: OUTBOX_TOPICS.deliverySend, payload: { deliveryId: 'dlv_01J00000000000000000000000', correlationId: 'corr-1' } });
    expect(job).toMatchObject({ queue: 'deliveries', name: 'delivery-send', data: { deliveryId: 'dlv_01J00000000000000000000000', correlationId: 'corr-1' } });
    expect(job.opts).toMatchObject({ jobId: 'dlv_01J00000000000000000000000', backoff: { type: 'webhook' } });
  });

  it("delays the job that retries the broker's own first attempt, and tells its backoff how many came before", () => {
    const payload = { deliveryId: 'dlv_01J00000000000000000000000', correlationId: 'corr-1', delayMs: 10_000, priorAttempts: 1 };
    const job = jobForOutboxRow({ id: '5', topic: OUTBOX_TOPICS.deliverySend, payload });
    expect(job.data).toEqual({ deliveryId: payload.deliveryId, correlationId: 'corr-1', priorAttempts: 1 });
    expect(job.opts).toMatchObject({ jobId: payload.deliveryId, delay: 10_000 });
  });

  it('refuses a topic it does not know instead of dropping the row', () => {
    expect(() => jobForOutboxRow({ id: '3', topic: 'mystery', payload: {} })).toThrow(/unknown topic/);
  });
});


describe('jobsForOutboxRows', () => {
  const base = { source: 'ssa', round: 0, correlationId: 'corr-1' };

  it('builds the job of an intake chunk once for all its rows, and every other row its own', () => {
    const chunk = ['ver_01J0000000000000000000000A', 'ver_01J0000000000000000000000B', 'ver_01J0000000000000000000000C'];
    const rows = [
      ...chunk.map((verificationId, i) => ({ id: String(i + 1), topic: OUTBOX_TOPICS.federalTransfer, payload: { ...base, verificationId, chunk } })),
      { id: '4', topic: OUTBOX_TOPICS.federalTransfer, payload: { ...base, verificationId: 'ver_01J0000000000000000000000D' } },
    ];
    const jobs = jobsForOutboxRows(rows);
    expect(jobs.map((job) => job.opts.jobId)).toEqual([`${chunk[0]}-r0-chunk`, 'ver_01J0000000000000000000000D-r0']);
  });
});
