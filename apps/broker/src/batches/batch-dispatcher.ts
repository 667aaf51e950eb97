import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { BATCH_JOB_PRIORITY, FEDERAL_SOURCES, federalQueueName, OUTBOX_TOPICS } from '@dxhub/contracts';
import { jobForOutboxRow, JobToAdd, QueueRegistry } from '@dxhub/messaging';
import { BatchLineToDispatch, BatchRepository } from '@dxhub/persistence';
import { BATCH_SETTINGS, BatchSettings } from './batch-settings';
import { PeriodicTask } from '../periodic-task';

/** Lines one dispatch statement claims at most. */
const CHUNK = 1000;
/** Batches looked at per tick, oldest first. */
const BATCHES_PER_TICK = 10;
/** With no batch to dispatch, look again after this long. */
const IDLE_MS = 500;

/**
 * Feeds batch lines into the federal queues in a lane of their own: each line's job has a BullMQ priority
 * (interactive jobs have none and go first), and at most `inFlight` batch jobs are waiting or active at any
 * time, topped up every `dispatchEveryMs` as workers finish them. A 100,000-line batch therefore never stands
 * between an interactive request and a worker: not in the outbox (batch lines have no outbox rows), not in a
 * queue, and never in all of a queue's worker slots.
 *
 * Guaranteed Delivery without per-line outbox rows: the batch row's `dispatched_through` is the cursor, moved
 * in the transaction that claimed the lines, after their jobs were added; job ids are the usual deterministic
 * `<verificationId>-r<round>`, so a re-run after a crash adds nothing twice.
 */
@Injectable()
export class BatchDispatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(BatchDispatcher.name);
  private readonly loop: PeriodicTask;

  constructor(
    private readonly batches: BatchRepository,
    private readonly queues: QueueRegistry,
    @Inject(BATCH_SETTINGS) private readonly settings: BatchSettings,
  ) {
    this.loop = new PeriodicTask('batch dispatcher', settings.dispatchEveryMs, async () => ((await this.dispatch()) === null ? IDLE_MS : settings.dispatchEveryMs));
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.loop.stop();
  }

  /** One top-up of the lane: how many lines it dispatched, or null when no batch has lines left to dispatch. */
  async dispatch(): Promise<number | null> {
    const ids = await this.batches.withUndispatchedLines(BATCHES_PER_TICK);
    if (!ids.length) return null;
    let room = this.settings.inFlight - (await this.batchJobsInFlight());
    let dispatched = 0;
    for (const id of ids) {
      while (room > 0) {
        const moved = await this.batches.dispatchNext(id, Math.min(room, CHUNK), (lines) => this.enqueue(lines));
        if (!moved) break;
        room -= moved;
        dispatched += moved;
      }
    }
    if (dispatched) this.logger.debug({ dispatched }, 'batch lines dispatched');
    return dispatched;
  }

  /**
   * Batch jobs waiting (the prioritized ones: only batch lines carry a priority) plus every active job (batch
   * or not: an over-count errs towards leaving workers free). Retries waiting out a backoff are not counted.
   */
  private async batchJobsInFlight(): Promise<number> {
    const counts = await Promise.all(FEDERAL_SOURCES.map((source) => this.queues.get(federalQueueName(source)).getJobCounts('prioritized', 'active')));
    return counts.reduce((sum, c) => sum + (c.prioritized ?? 0) + (c.active ?? 0), 0);
  }

  private async enqueue(lines: BatchLineToDispatch[]): Promise<void> {
    const byQueue = new Map<string, JobToAdd[]>();
    for (const line of lines) {
      // The same job as the outbox relay makes for a single verification, in the batch lane.
      const job = jobForOutboxRow({
        id: line.id,
        topic: OUTBOX_TOPICS.federalTransfer,
        payload: { verificationId: line.id, source: line.source, round: line.round, correlationId: line.correlationId },
      });
      job.opts = { ...job.opts, priority: BATCH_JOB_PRIORITY };
      byQueue.set(job.queue, [...(byQueue.get(job.queue) ?? []), job]);
    }
    await Promise.all([...byQueue].map(([queue, jobs]) => this.queues.get(queue).addBulk(jobs.map(({ name, data, opts }) => ({ name, data, opts })))));
  }
}
