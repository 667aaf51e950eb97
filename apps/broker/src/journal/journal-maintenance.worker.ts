import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import type Redis from 'ioredis';
import { CHECKPOINT_JOB, CHECKPOINT_SCHEDULER_ID, HOUSEKEEPING_JOB, HOUSEKEEPING_SCHEDULER_ID, JOURNAL_QUEUE } from '@dxhub/contracts';
import { QueueRegistry, REDIS, startHousekeepingWorker } from '@dxhub/messaging';
import { JournalHousekeeping } from './journal-housekeeping.service';
import { HOUSEKEEPING_EVERY_MS, JOURNAL_SETTINGS, JournalSettings } from './journal-settings';

/**
 * The journal's schedules (BullMQ job schedulers with stable ids, upserted by every broker, run by one):
 * a signed checkpoint of the chain head every AUDIT_CHECKPOINT_EVERY_MS, and daily housekeeping
 * (next months' partitions, retention). Housekeeping also runs once at start-up.
 */
@Injectable()
export class JournalMaintenanceWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(JournalMaintenanceWorker.name);
  private worker?: Worker;

  constructor(
    private readonly housekeeping: JournalHousekeeping,
    private readonly queues: QueueRegistry,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(JOURNAL_SETTINGS) private readonly settings: JournalSettings,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const queue = this.queues.get(JOURNAL_QUEUE);
    await queue.upsertJobScheduler(CHECKPOINT_SCHEDULER_ID, { every: this.settings.checkpointEveryMs }, { name: CHECKPOINT_JOB, data: {} });
    await queue.upsertJobScheduler(HOUSEKEEPING_SCHEDULER_ID, { every: HOUSEKEEPING_EVERY_MS }, { name: HOUSEKEEPING_JOB, data: {} });
    await this.housekeeping.keepPartitionsAndRetention();
    this.worker = startHousekeepingWorker(this.queues, this.redis, JOURNAL_QUEUE, (job: Job) => this.process(job), { logger: this.logger });
  }

  async onModuleDestroy(): Promise<void> {
    await this.worker?.close();
  }

  private process(job: Job): Promise<unknown> {
    return job.name === CHECKPOINT_JOB ? this.housekeeping.checkpoint() : this.housekeeping.keepPartitionsAndRetention();
  }
}
