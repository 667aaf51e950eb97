import { DynamicModule, Global, Injectable, Logger, Module } from '@nestjs/common';
import type Redis from 'ioredis';
import { OUTBOX_PUBLISHER, OutboxPublisher, OutboxRow } from '@dxhub/persistence';
import { MetricsService } from '@dxhub/platform';
import { jobsForOutboxRows } from './outbox-dispatch';
import { QueueCloser } from './queue-closer';
import { QueueRegistry } from './queue-registry';
import { queuePrefix } from './redis-connection';
import { REDIS } from './redis.module';

/**
 * The gateway's side of the outbox (OutboxPublisher): adds a committed intake's jobs at once, so a
 * verification reaches its worker without waiting for the relay's wake-up, claim and mark. When the add fails
 * (Redis away), nothing is lost: the row is still in the outbox, and the relay adds it after its `relay_after`.
 */
@Injectable()
export class QueueOutboxPublisher implements OutboxPublisher {
  private readonly logger = new Logger(QueueOutboxPublisher.name);
  private readonly published;
  private failing = false;

  constructor(
    private readonly queues: QueueRegistry,
    metrics: MetricsService,
  ) {
    this.published = metrics.counter('dxhub_outbox_published_total', 'Outbox rows whose jobs their writer added itself, by result', ['result']);
  }

  async publish(rows: OutboxRow[]): Promise<boolean> {
    try {
      await this.queues.addAll(jobsForOutboxRows(rows));
      this.published.inc({ result: 'added' }, rows.length);
      if (this.failing) this.logger.log('adding jobs again; the relay took the rows meanwhile');
      this.failing = false;
      return true;
    } catch (error) {
      this.published.inc({ result: 'left_to_relay' }, rows.length);
      // Once per spell, not once per request: the rows are safe in the outbox either way.
      if (!this.failing) this.logger.warn(`cannot add jobs (${(error as Error).message}); the outbox relay takes the rows within seconds`);
      this.failing = true;
      return false;
    }
  }
}

/** Where intakes publish their own jobs (the gateway): the publisher, on the process's Redis connection. */
@Global()
@Module({})
export class OutboxPublishingModule {
  static forRoot(redisPrefix: string): DynamicModule {
    return {
      module: OutboxPublishingModule,
      providers: [
        { provide: QueueRegistry, useFactory: (redis: Redis) => new QueueRegistry(redis, queuePrefix(redisPrefix)), inject: [REDIS] },
        QueueCloser,
        QueueOutboxPublisher,
        { provide: OUTBOX_PUBLISHER, useExisting: QueueOutboxPublisher },
      ],
      exports: [OUTBOX_PUBLISHER],
    };
  }
}
