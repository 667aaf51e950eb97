import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import type Redis from 'ioredis';
import { DELIVERIES_QUEUE, DeliveryJobData } from '@dxhub/contracts';
import { delayAfterAttempt, deliveryQueueSettings, QueueRegistry, REDIS, webhookRetryDelays } from '@dxhub/messaging';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { WEBHOOK_SETTINGS, WebhookSettings } from './webhook-settings';
import { WORKER_OPTIONS, WorkerOptions } from '../worker-options';

/** Thrown so BullMQ schedules the next attempt on the webhook retry schedule. */
class RetryLater extends Error {}

/**
 * The deliveries queue's worker: unpacks the job and calls the delivery service (whose log lines carry the
 * correlation id themselves, as the federal workers' do). The service decides when the schedule has run out (from the attempts
 * recorded in Postgres); BullMQ only waits the schedule's delays in between.
 */
@Injectable()
export class DeliveryProcessor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DeliveryProcessor.name);
  private worker?: Worker;

  constructor(
    private readonly deliveries: WebhookDeliveryService,
    private readonly queues: QueueRegistry,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(WEBHOOK_SETTINGS) private readonly settings: Pick<WebhookSettings, 'retry'>,
    @Inject(WORKER_OPTIONS) private readonly options: WorkerOptions,
  ) {}

  onApplicationBootstrap(): void {
    const delays = webhookRetryDelays(this.settings.retry);
    const queue = deliveryQueueSettings(this.options.concurrency);
    this.worker = new Worker<DeliveryJobData>(DELIVERIES_QUEUE, (job) => this.process(job), {
      connection: this.redis.duplicate(),
      prefix: this.queues.prefix,
      concurrency: queue.concurrency,
      lockDuration: queue.lockDurationMs,
      settings: {
        // A job that follows the broker's own first attempt (priorAttempts) continues the schedule from there.
        backoffStrategy: (attemptsMade: number, _type?: string, _error?: Error, job?: { data?: DeliveryJobData }) =>
          delayAfterAttempt(delays, attemptsMade + (job?.data?.priorAttempts ?? 0)),
      },
    });
    this.worker.on('error', (error) => this.logger.error({ err: error, queue: DELIVERIES_QUEUE }, 'worker error'));
  }

  /** Shutdown's first phase: the POST in flight finishes while the database and Redis are still open. */
  async onModuleDestroy(): Promise<void> {
    await this.worker?.close();
  }

  private async process(job: Job<DeliveryJobData>): Promise<void> {
    const { deliveryId } = job.data;
    const result = await this.deliveries.deliver(deliveryId);
    if (result === 'retry') throw new RetryLater(`delivery ${deliveryId}: will be retried`);
  }
}
