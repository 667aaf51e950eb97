import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import type Redis from 'ioredis';
import { FEDERAL_BATCH_CHUNK_JOB, FEDERAL_INTAKE_CHUNK_JOB, FEDERAL_SOURCES, FederalBatchChunkJobData, FederalTransferJobData } from '@dxhub/contracts';
import { QueueRegistry, RETRY_POLICIES } from '@dxhub/messaging';
import { FederalTransferService, TransferAttempt, TransferResult } from './federal-transfer.service';
import { CallSlots } from './call-slots';
import { FederalWorkers } from './federal-workers.service';

// No Redis here: BullMQ's Worker is replaced by a recorder of what the service asks of it.
const mockWorkers: { name: string; processor: (job: Job) => Promise<void>; options: Record<string, any>; close: jest.Mock; on: jest.Mock }[] = [];
jest.mock('bullmq', () => ({
  Worker: jest.fn().mockImplementation((name: string, processor: (job: Job) => Promise<void>, options: Record<string, any>) => {
    const worker = { name, processor, options, close: jest.fn(async () => undefined), on: jest.fn() };
    mockWorkers.push(worker);
    return worker;
  }),
}));

describe('FederalWorkers', () => {
  let attempts: TransferAttempt[];
  let nextResult: TransferResult;
  let workers: FederalWorkers;
  const redis = { duplicate: jest.fn(() => ({ duplicated: true })) };

  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(true));

  beforeEach(() => {
    mockWorkers.length = 0;
    attempts = [];
    nextResult = 'done';
    const transfers = {
      attempt: jest.fn(async (attempt: TransferAttempt) => {
        attempts.push(attempt);
        return nextResult;
      }),
    };
    workers = new FederalWorkers(
      transfers as unknown as FederalTransferService,
      { prefix: '{dxhub-test}' } as unknown as QueueRegistry,
      redis as unknown as Redis,
      { concurrency: 7 },
    );
  });

  const job = (attemptsMade: number, attemptsAllowed: number | undefined): Job<FederalTransferJobData> =>
    ({
      id: 'VER1-r1',
      data: { verificationId: 'VER1', correlationId: 'corr-1', round: 1 },
      attemptsMade,
      opts: attemptsAllowed === undefined ? {} : { attempts: attemptsAllowed },
    }) as unknown as Job<FederalTransferJobData>;
  const process = (j: Job<FederalTransferJobData>) => (workers as unknown as { process(job: Job, slots: CallSlots): Promise<void> }).process(j, new CallSlots(7));

  describe('process', () => {
    it.each([
      [0, 5, false],
      [1, 5, false],
      [3, 5, false],
      [4, 5, true],
      [5, 5, true],
      [0, 1, true],
      [0, undefined, true],
    ])('with attemptsMade %p of attempts %p, isLastAttempt is %p', async (attemptsMade, allowed, isLast) => {
      await process(job(attemptsMade, allowed));
      expect(attempts).toEqual([{ verificationId: 'VER1', round: 1, isLastAttempt: isLast }]);
    });

    it('resolves when the transfer is done', async () => {
      nextResult = 'done';
      await expect(process(job(0, 5))).resolves.toBeUndefined();
    });

    it('throws when the transfer asks for a retry, so BullMQ schedules the next attempt', async () => {
      nextResult = 'retry';
      await expect(process(job(0, 5))).rejects.toThrow(/VER1-r1.*retried/);
    });

    it('lets a failure of the transfer itself reach BullMQ', async () => {
      const failing = new FederalWorkers(
        { attempt: jest.fn(async () => Promise.reject(new Error('database down'))) } as unknown as FederalTransferService,
        { prefix: 'p' } as unknown as QueueRegistry,
        redis as unknown as Redis,
        { concurrency: 1 },
      );
      await expect((failing as unknown as { process(job: Job, slots: CallSlots): Promise<void> }).process(job(0, 5), new CallSlots(1))).rejects.toThrow('database down');
    });
  });

  describe('a chunk', () => {
    const lines = ['L1', 'L2', 'L3'].map((id) => ({ verificationId: id, correlationId: `corr-${id}`, round: 0 }));
    const chunk = (attemptsMade = 0): Job<FederalBatchChunkJobData> =>
      ({ id: 'bat-c0-ssa', name: FEDERAL_BATCH_CHUNK_JOB, data: { batchId: 'bat', lines }, attemptsMade, opts: { attempts: 3 } }) as unknown as Job<FederalBatchChunkJobData>;
    const processChunk = (j: Job<FederalBatchChunkJobData>) => (workers as unknown as { process(job: Job, slots: CallSlots): Promise<void> }).process(j, new CallSlots(7));
    const resultsBy = (byId: Record<string, TransferResult | Error>) =>
      new FederalWorkers(
        {
          attempt: jest.fn(async (attempt: TransferAttempt) => {
            attempts.push(attempt);
            const result = byId[attempt.verificationId] ?? 'done';
            if (result instanceof Error) throw result;
            return result;
          }),
        } as unknown as FederalTransferService,
        { prefix: 'p' } as unknown as QueueRegistry,
        redis as unknown as Redis,
        { concurrency: 1 },
      ) as unknown as { process(job: Job, slots: CallSlots): Promise<void> };

    it('attempts every line with the chunk\'s last-attempt flag', async () => {
      await expect(processChunk(chunk(2))).resolves.toBeUndefined();
      expect(attempts).toEqual(lines.map((l) => ({ verificationId: l.verificationId, round: 0, isLastAttempt: true })));
    });

    it("runs an intake chunk's lines the same way (they name no correlation id)", async () => {
      const intakeLines = ['V1', 'V2'].map((verificationId) => ({ verificationId, round: 0 }));
      const intakeChunk = { id: 'V1-r0-chunk', name: FEDERAL_INTAKE_CHUNK_JOB, data: { lines: intakeLines }, attemptsMade: 0, opts: { attempts: 3 } };
      await expect(processChunk(intakeChunk as unknown as Job<FederalBatchChunkJobData>)).resolves.toBeUndefined();
      expect(attempts).toEqual(intakeLines.map((l) => ({ ...l, isLastAttempt: false })));
    });

    it("puts an intake chunk's lines through the source's call slots, and a batch chunk's beside them", async () => {
      let inFlight = 0;
      let most = 0;
      const counting = new FederalWorkers(
        {
          attempt: jest.fn(async () => {
            most = Math.max(most, ++inFlight);
            await new Promise((resolve) => setTimeout(resolve, 5));
            inFlight--;
            return 'done';
          }),
        } as unknown as FederalTransferService,
        { prefix: 'p' } as unknown as QueueRegistry,
        redis as unknown as Redis,
        { concurrency: 1 },
      ) as unknown as { process(job: Job, slots: CallSlots): Promise<void> };
      const intakeChunk = { id: 'L1-r0-chunk', name: FEDERAL_INTAKE_CHUNK_JOB, data: { lines }, attemptsMade: 0, opts: { attempts: 3 } } as unknown as Job;
      await counting.process(intakeChunk, new CallSlots(2));
      expect(most).toBe(2);
      most = 0;
      await counting.process(chunk(), new CallSlots(2));
      expect(most).toBe(3);
    });

    it('is retried as a whole when one line asks for a retry', async () => {
      await expect(resultsBy({ L2: 'retry' }).process(chunk(), new CallSlots(7))).rejects.toThrow(/bat-c0-ssa.*retried/);
      expect(attempts).toHaveLength(3);
    });

    it('lets every line settle before a line\'s failure reaches BullMQ', async () => {
      await expect(resultsBy({ L1: new Error('database down') }).process(chunk(), new CallSlots(7))).rejects.toThrow('database down');
      expect(attempts.map((a) => a.verificationId)).toEqual(['L1', 'L2', 'L3']);
    });
  });

  describe('onApplicationBootstrap (BullMQ Worker mocked)', () => {
    it('starts one worker per federal source queue with the concurrency, prefix and a lock', () => {
      workers.onApplicationBootstrap();
      expect(mockWorkers.map((w) => w.name)).toEqual(FEDERAL_SOURCES.map((source) => `federal-${source}`));
      for (const worker of mockWorkers) {
        expect(worker.options).toMatchObject({ prefix: '{dxhub-test}', concurrency: 7, connection: { duplicated: true } });
        expect(worker.options.lockDuration).toBeGreaterThan(0);
        expect(worker.on).toHaveBeenCalledWith('error', expect.any(Function));
      }
      expect(redis.duplicate).toHaveBeenCalledTimes(FEDERAL_SOURCES.length);
    });

    it('backs off within the source retry policy (full jitter, exponential ceiling)', () => {
      workers.onApplicationBootstrap();
      const ssa = mockWorkers.find((w) => w.name === 'federal-ssa')!;
      const backoff = ssa.options.settings.backoffStrategy as (attemptsMade: number) => number;
      const policy = RETRY_POLICIES.ssa;
      const random = jest.spyOn(Math, 'random').mockReturnValue(0.999999);
      try {
        expect(backoff(1)).toBe(Math.floor(0.999999 * policy.baseDelayMs));
        expect(backoff(2)).toBe(Math.floor(0.999999 * policy.baseDelayMs * 2));
        expect(backoff(4)).toBe(Math.floor(0.999999 * Math.min(policy.maxDelayMs, policy.baseDelayMs * 8)));
        expect(backoff(30)).toBe(Math.floor(0.999999 * policy.maxDelayMs));
      } finally {
        random.mockRestore();
      }
    });

    it('routes a job through the processor to the transfer service', async () => {
      workers.onApplicationBootstrap();
      nextResult = 'retry';
      await expect(mockWorkers[0].processor(job(4, 5) as unknown as Job)).rejects.toThrow();
      expect(attempts).toEqual([{ verificationId: 'VER1', round: 1, isLastAttempt: true }]);
    });
  });
});
