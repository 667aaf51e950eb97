import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DelayedError, Job, Worker } from 'bullmq';
import type Redis from 'ioredis';
import { FEDERAL_BATCH_CHUNK_JOB, FEDERAL_SOURCES, FederalChunkJobData, FederalChunkLine, federalQueueName, FederalTransferJobData, isFederalChunkJob } from '@dxhub/contracts';
import { backoffDelay, federalQueueSettings, QueueRegistry, REDIS, RETRY_POLICIES } from '@dxhub/messaging';
import { CallSlots } from './call-slots';
import { FederalTransferService, TransferResult } from './federal-transfer.service';
import { WORKER_OPTIONS, WorkerOptions } from '../worker-options';

/** What a job asks of one verification: a chunk's line, or a verification's own job (a poll's names its poll). */
type Line = FederalChunkLine & Pick<FederalTransferJobData, 'pollNo'>;

/** Thrown so BullMQ schedules the next attempt with the source's backoff. */
class RetryLater extends Error {}

/**
 * One BullMQ worker per federal source queue. The processor only unpacks the job and calls the transfer
 * service: once for a verification's job, once per line for a chunk's. The transfer's log lines name
 * the verification and its correlation id themselves: no AsyncLocalStorage context per job, whose promise
 * hooks cost the broker a tenth of its CPU (docs/scaling.md).
 */
@Injectable()
export class FederalWorkers implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(FederalWorkers.name);
  private workers: Worker[] = [];

  constructor(
    private readonly transfers: FederalTransferService,
    private readonly queues: QueueRegistry,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(WORKER_OPTIONS) private readonly options: WorkerOptions,
  ) {}

  onApplicationBootstrap(): void {
    const settings = federalQueueSettings(this.options.concurrency);
    this.workers = FEDERAL_SOURCES.map((source) => {
      const name = federalQueueName(source);
      const slots = new CallSlots(settings[name].concurrency);
      const worker = new Worker<FederalTransferJobData | FederalChunkJobData>(name, (job, token) => this.process(job, slots, token), {
        connection: this.redis.duplicate(),
        prefix: this.queues.prefix,
        concurrency: settings[name].concurrency,
        lockDuration: settings[name].lockDurationMs,
        settings: { backoffStrategy: (attemptsMade: number) => backoffDelay(RETRY_POLICIES[source], attemptsMade) },
      });
      worker.on('error', (error) => this.logger.error({ err: error, queue: name }, 'worker error'));
      return worker;
    });
    this.logger.log(`working ${this.workers.length} federal queues, concurrency ${this.options.concurrency} each`);
  }

  /**
   * First shutdown phase: in-flight jobs finish while the database and Redis are still open; queues and
   * connections close in the later phases (ARCHITECTURE.md §9).
   */
  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
  }

  /** `slots`: the source's calls in flight, shared by its verifications' jobs and intake chunks' lines (CallSlots). */
  private async process(job: Job<FederalTransferJobData | FederalChunkJobData>, slots: CallSlots, token?: string): Promise<void> {
    const isLastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    // A batch's lines are bounded by BATCH_IN_FLIGHT instead, so that they never hold the interactive calls' slots.
    const attempt: (line: Line) => Promise<TransferResult> =
      job.name === FEDERAL_BATCH_CHUNK_JOB ? (line) => this.one(line, isLastAttempt) : (line) => slots.run(() => this.one(line, isLastAttempt));
    const result = isFederalChunkJob(job.name) ? await this.chunk((job.data as FederalChunkJobData).lines, attempt) : await attempt(job.data as FederalTransferJobData);
    if (result === 'retry') throw new RetryLater(`job ${job.id}: federal call will be retried`);
    if (typeof result === 'object') {
      // The source's circuit is open: the job waits, delayed, with its attempts untouched.
      await job.moveToDelayed(Date.now() + result.waitMs, token);
      throw new DelayedError();
    }
  }

  private one({ verificationId, round, pollNo }: Line, isLastAttempt: boolean): Promise<TransferResult> {
    return this.transfers.attempt({ verificationId, round, isLastAttempt, pollNo });
  }

  /**
   * A chunk's lines (a batch's, or an intake statement's) side by side: their statements coalesce. The chunk is
   * retried as a whole when a line must be, or waits when a circuit is open; lines that ended meanwhile are
   * skipped then (the transfer service only takes a verification still queued or in progress).
   */
  private async chunk(lines: FederalChunkLine[], attempt: (line: Line) => Promise<TransferResult>): Promise<TransferResult> {
    // Every line settles before the chunk does: a retry must never overlap a line still waiting on the Hub.
    const settled = await Promise.allSettled(lines.map(attempt));
    const error = settled.find((outcome) => outcome.status === 'rejected');
    if (error) throw (error as PromiseRejectedResult).reason;
    const results = settled.map((outcome) => (outcome as PromiseFulfilledResult<TransferResult>).value);
    if (results.includes('retry')) return 'retry';
    const waits = results.flatMap((result) => (typeof result === 'object' ? [result.waitMs] : []));
    return waits.length ? { waitMs: Math.max(...waits) } : 'done';
  }
}
