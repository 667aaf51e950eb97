import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { deliveryQueueSettings } from '@dxhub/messaging';
import type { AttemptEnded, DeliveryToSend } from '@dxhub/persistence';
import { WORKER_OPTIONS, WorkerOptions } from '../worker-options';
import { WebhookDeliveryService } from './webhook-delivery.service';

/** What a terminal statement reports back: the webhook delivery it left for the caller to send (attempt 1 started), if any. */
export type EndWithWebhook = Pick<AttemptEnded, 'webhookToSend'>;

/**
 * The first attempt of a result's webhook, made by the broker right after the statement that ends the
 * verification, instead of through the outbox, the relay and a deliveries job: the same signed POST and the
 * same attempt record, without a relay round, a BullMQ job, a load and a start (that statement starts
 * attempt 1 and returns the delivery; most webhooks succeed the first time). Retries still go through a job:
 * the statement that records a failed attempt queues it.
 *
 * The POST runs beside the federal job, not inside it, so a slow webhook never holds a federal worker's slot;
 * at most as many as the deliveries queue works at once are in flight, and beyond that (or while shutting
 * down) the delivery takes the outbox as before. A delivery left unsent by a crash stays pending with no job, which
 * the reconciler finds and queues (RECONCILE_IDLE_MS); while an attempt is within its time limit the
 * reconciler takes it as being sent (`DeliveryRepository.idlePending`).
 */
@Injectable()
export class ImmediateWebhooks implements OnModuleDestroy {
  private readonly logger = new Logger(ImmediateWebhooks.name);
  private readonly inFlight = new Set<Promise<void>>();
  private readonly limit: number;
  private reserved = 0;
  private closing = false;

  constructor(
    private readonly deliveries: WebhookDeliveryService,
    @Inject(WORKER_OPTIONS) options: WorkerOptions,
  ) {
    this.limit = deliveryQueueSettings(options.concurrency).concurrency;
  }

  /**
   * Runs `end` (a terminal statement), telling it whether to leave its webhook delivery to this broker
   * (`sendHere`), and sends that delivery once the statement has committed.
   */
  async afterEnd<T extends EndWithWebhook>(end: (sendHere: boolean) => Promise<T>): Promise<T> {
    const sendHere = !this.closing && this.reserved + this.inFlight.size < this.limit;
    if (sendHere) this.reserved++;
    let ended: T;
    try {
      ended = await end(sendHere);
    } finally {
      if (sendHere) this.reserved--;
    }
    if (sendHere && ended.webhookToSend) this.send(ended.webhookToSend);
    return ended;
  }

  private send(delivery: DeliveryToSend): void {
    const deliveryId = delivery.id;
    const sending = this.deliveries
      .sendFirstAttempt(delivery)
      .then(
        () => undefined,
        // Left pending with no job: the reconciler queues it (the error may be the database itself).
        (error: unknown) => this.logger.error({ err: error, deliveryId }, 'webhook attempt failed to run; the reconciler will queue it'),
      )
      .finally(() => this.inFlight.delete(sending));
    this.inFlight.add(sending);
  }

  /** Shutdown's first phase: new results take the outbox; the POSTs in flight finish while the database is open. */
  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    await Promise.all(this.inFlight);
  }
}
