import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import type Redis from 'ioredis';
import { AUDIT_REPLAYS_QUEUE, ReplayJobData } from '@dxhub/contracts';
import { QueueRegistry, REDIS, startHousekeepingWorker } from '@dxhub/messaging';
import { AuditReplayService } from './audit-replay.service';

/** Runs audit replays one at a time, on their own queue: the sandbox live transfers never share. */
@Injectable()
export class AuditReplayWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(AuditReplayWorker.name);
  private worker?: Worker;

  constructor(
    private readonly replays: AuditReplayService,
    private readonly queues: QueueRegistry,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  onApplicationBootstrap(): void {
    // A long window takes a while; the lock is renewed meanwhile, this is only how often.
    this.worker = startHousekeepingWorker<ReplayJobData>(this.queues, this.redis, AUDIT_REPLAYS_QUEUE, (job: Job<ReplayJobData>) => this.replays.run(job.data.replayId), {
      logger: this.logger,
      lockDuration: 60_000,
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.worker?.close();
  }
}
