import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { batchChunkOf, FEDERAL_SOURCES, FederalSource, federalQueueName } from '@dxhub/contracts';
import { jobForBatchChunk, QueueRegistry } from '@dxhub/messaging';
import { BatchLineToDispatch, BatchRepository } from '@dxhub/persistence';
import { BATCH_SETTINGS, BatchSettings } from './batch-settings';
import { PeriodicTask } from '../periodic-task';

/** Chunks one dispatch statement claims at most. */
const CHUNKS_PER_STATEMENT = 40;
/** Batches looked at per tick, oldest first. */
const BATCHES_PER_TICK = 10;
/** With no batch to dispatch, look again after this long. */
const IDLE_MS = 500;

/**
 * Feeds batch lines into the federal queues in a lane of their own (batch-lanes.ts): chunk jobs with a BullMQ
 * priority (interactive jobs have none and go first), at most `inFlight` of them waiting or active at any
 * time, topped up every `dispatchEveryMs` as workers finish them. A 100,000-line batch therefore never stands
 * between an interactive request and a worker: not in the outbox (batch lines have no outbox rows), not in a
 * queue, and never in all of a queue's worker slots.
 *
 * Guaranteed Delivery without per-line outbox rows: the batch row's `dispatched_through` is the cursor, moved
 * in the transaction that claimed the lines, after their jobs were added; chunk job ids are deterministic
 * (batch, chunk, source), so a re-run after a crash adds nothing twice.
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
        const chunks = Math.min(room, CHUNKS_PER_STATEMENT);
        const moved = await this.batches.dispatchNext(id, chunks, (lines) => this.enqueue(id, lines));
        if (!moved) break;
        room -= chunks;
        dispatched += moved;
      }
    }
    if (dispatched) this.logger.debug({ dispatched }, 'batch lines dispatched');
    return dispatched;
  }

  /**
   * Batch chunks waiting (the prioritized jobs: only batch chunks carry a priority) plus every active job (batch
   * or not: an over-count errs towards leaving workers free). Retries waiting out a backoff are not counted.
   */
  private async batchJobsInFlight(): Promise<number> {
    const counts = await Promise.all(FEDERAL_SOURCES.map((source) => this.queues.get(federalQueueName(source)).getJobCounts('prioritized', 'active')));
    return counts.reduce((sum, c) => sum + (c.prioritized ?? 0) + (c.active ?? 0), 0);
  }

  /** One job per chunk and source, each on its source's queue. */
  private async enqueue(batchId: string, lines: BatchLineToDispatch[]): Promise<void> {
    const groups = new Map<string, { chunk: number; source: FederalSource; lines: BatchLineToDispatch[] }>();
    for (const line of lines) {
      const chunk = batchChunkOf(line.line);
      const key = `${chunk}:${line.source}`;
      const group = groups.get(key) ?? { chunk, source: line.source as FederalSource, lines: [] };
      group.lines.push(line);
      groups.set(key, group);
    }
    await this.queues.addAll(
      [...groups.values()].map(({ chunk, source, lines: chunkLines }) =>
        jobForBatchChunk(batchId, chunk, source, chunkLines.map((l) => ({ verificationId: l.id, round: l.round, correlationId: l.correlationId }))),
      ),
    );
  }
}
