import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { BatchRepository, newId } from '@dxhub/persistence';
import { BATCH_SETTINGS, BatchSettings } from './batch-settings';
import { PeriodicTask } from '../periodic-task';

const BATCHES_PER_SWEEP = 100;

/**
 * Completes batches once every line is completed, failed or cancelled, and so creates their `batch.completed`
 * webhook delivery, exactly once (a guarded statement: see BatchRepository.completeIfDone). A periodic sweep
 * rather than a check on every line's completion: at 100,000 lines that would be 100,000 checks; a sweep is one
 * index probe per open batch per `sweepEveryMs`.
 */
@Injectable()
export class BatchCompletion implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(BatchCompletion.name);
  private readonly loop: PeriodicTask;

  constructor(
    private readonly batches: BatchRepository,
    @Inject(BATCH_SETTINGS) settings: BatchSettings,
  ) {
    this.loop = new PeriodicTask('batch completion sweep', settings.sweepEveryMs, async () => void (await this.sweep()));
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.loop.stop();
  }

  /** Returns the batches this sweep completed. */
  async sweep(): Promise<string[]> {
    const completed: string[] = [];
    for (const id of await this.batches.awaitingCompletion(BATCHES_PER_SWEEP)) {
      if (await this.batches.completeIfDone(id, newId.delivery())) completed.push(id);
    }
    for (const batchId of completed) this.logger.log({ batchId }, 'batch completed');
    return completed;
  }
}
