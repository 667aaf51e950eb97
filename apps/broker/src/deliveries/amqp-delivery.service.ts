import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { AuditJournal } from '@dxhub/audit';
import { AMQP_RESULTS_EXCHANGE, amqpRoutingKey } from '@dxhub/contracts';
import { VerificationPresenter } from '@dxhub/hub-core';
import { webhookAttempts } from '@dxhub/messaging';
import { DeliveryRepository, DeliveryToSend } from '@dxhub/persistence';
import { MetricsService } from '@dxhub/platform';
import { TransferAudit } from '../transfers/transfer-audit';
import { AMQP_RESULT_PUBLISHER, AmqpResultPublisher } from './amqp-result.publisher';
import { WEBHOOK_SETTINGS, WebhookSettings } from './webhook-settings';
import type { DeliveryResult } from './webhook-delivery.service';

/**
 * One attempt to publish a verification's end to its exchange's AMQP reply routing key: the same body as a
 * webhook delivery (the resource exactly as GET /v1/verifications/{id} shows it), correlated with the
 * request's message_id, confirmed by RabbitMQ. Attempts, retries on the webhook schedule, the
 * delivery.attempt audit event and a failed delivery as a failed transfer are all the webhook's.
 */
@Injectable()
export class AmqpDeliveryService {
  private readonly logger = new Logger(AmqpDeliveryService.name);
  private readonly attempts;
  private readonly maxAttempts: number;

  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly presenter: VerificationPresenter,
    private readonly journal: AuditJournal,
    metrics: MetricsService,
    @Inject(WEBHOOK_SETTINGS) settings: Pick<WebhookSettings, 'retry'>,
    @Optional() @Inject(AMQP_RESULT_PUBLISHER) private readonly publisher: AmqpResultPublisher | null,
  ) {
    this.attempts = metrics.counter('dxhub_amqp_result_attempts_total', 'AMQP result publish attempts by result', ['result']);
    this.maxAttempts = webhookAttempts(settings.retry);
  }

  async deliver(delivery: DeliveryToSend): Promise<DeliveryResult> {
    if (!this.publisher) {
      await this.deliveries.failWithoutAttempt(delivery.id, 'the AMQP channel is off in this broker (AMQP_URL=off)');
      this.logger.warn({ deliveryId: delivery.id }, 'AMQP delivery failed: the channel is off');
      return 'done';
    }
    // Only a verification's end goes back over AMQP (a batch.completed is a webhook).
    const type = delivery.type;
    if (delivery.verificationId === null || type === 'batch.completed') {
      await this.deliveries.failWithoutAttempt(delivery.id, `${type} is not delivered over AMQP`);
      return 'done';
    }
    const verification = delivery.verification;
    if (!verification) throw new Error(`delivery ${delivery.id}: verification ${delivery.verificationId} is missing`);
    const body = JSON.stringify({
      id: delivery.id,
      type: delivery.type,
      createdAt: delivery.createdAt.toISOString(),
      data: this.presenter.present(verification, { fti: 'show' }), // the exchange's own result
    });
    const attemptNo = await this.deliveries.startAttempt(delivery.id);
    if (attemptNo === null) return 'done';

    let error: string | null = null;
    try {
      await this.publisher.publish(delivery.exchangeId, type, body, {
        messageId: delivery.id,
        correlationId: delivery.idempotencyKey ?? undefined,
        headers: { 'x-dxhub-verification-id': verification.id },
      });
    } catch (e) {
      error = `RabbitMQ did not confirm the publish: ${(e as Error).message}`;
    }

    const outcome = error === null ? 'delivered' : attemptNo >= this.maxAttempts ? 'failed' : 'retry';
    const routingKey = amqpRoutingKey(delivery.exchangeId, type);
    const audit = new TransferAudit(this.journal, verification).event('delivery.attempt', {
      deliveryId: delivery.id,
      type: delivery.type,
      channel: 'amqp',
      attemptNo,
      exchange: AMQP_RESULTS_EXCHANGE,
      routingKey,
      error,
      outcome,
      body,
    });
    await this.deliveries.endAttempt({ deliveryId: delivery.id, attemptNo, httpStatus: null, error, outcome, audit });
    this.attempts.inc({ result: outcome });
    const log = { deliveryId: delivery.id, verificationId: verification.id, correlationId: verification.correlationId, attemptNo, routingKey, outcome };
    if (outcome === 'delivered') this.logger.log(log, 'AMQP result published');
    else this.logger.warn(log, `AMQP result attempt failed: ${error}`);
    return outcome === 'retry' ? 'retry' : 'done';
  }
}
