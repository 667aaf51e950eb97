import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import type Redis from 'ioredis';
import { MAINTENANCE_QUEUE, RECONCILE_JOB, RECONCILE_SCHEDULER_ID, ReconcileJobData } from '@dxhub/contracts';
import { QueueRegistry, REDIS, startHousekeepingWorker } from '@dxhub/messaging';
import { ReconcilerService } from './reconciler.service';

export const RECONCILE_EVERY_MS = Symbol('RECONCILE_EVERY_MS');

/**
 * Runs the reconciler on a schedule (a BullMQ job scheduler with a stable id, so every broker upserts the
 * same one) and on demand (jobs relayed from the console's outbox). One job at a time per broker.
 */
@Injectable()
export class ReconciliationWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ReconciliationWorker.name);
  private worker?: Worker;

  constructor(
    private readonly reconciler: ReconcilerService,
    private readonly queues: QueueRegistry,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(RECONCILE_EVERY_MS) private readonly everyMs: number,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queues.get(MAINTENANCE_QUEUE).upsertJobScheduler(RECONCILE_SCHEDULER_ID, { every: this.everyMs }, { name: RECONCILE_JOB, data: {} });
    this.worker = startHousekeepingWorker<ReconcileJobData>(this.queues, this.redis, MAINTENANCE_QUEUE, (job: Job<ReconcileJobData>) => this.reconciler.run(job.data.runId), {
      logger: this.logger,
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.worker?.close();
  }
}
