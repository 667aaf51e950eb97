import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { AuditJournal } from '@dxhub/audit';
import { VerificationPresenter } from '@dxhub/hub-core';
import { webhookAttempts } from '@dxhub/messaging';
import { DeliveryRepository, VerificationRepository } from '@dxhub/persistence';
import { MetricsService } from '@dxhub/platform';
import { PiiCipher } from '@dxhub/security';
import { TransferAudit } from '../transfers/transfer-audit';
import { AmqpDeliveryService } from './amqp-delivery.service';
import { WebhookClient } from './webhook.client';
import { webhookSignature } from './webhook-signature';
import { WEBHOOK_SETTINGS, WebhookSettings } from './webhook-settings';

/** What the caller (the queue processor) should do next. */
export type DeliveryResult = 'done' | 'retry';

/**
 * One attempt to push a verification's end to its exchange's webhook: builds the body from Postgres (the
 * resource exactly as GET /v1/verifications/{id} shows it), signs it, POSTs it, and records the attempt,
 * the delivery's new status and a delivery.attempt audit event in one statement. A delivery that is no
 * longer pending (a duplicate or late job) is left alone.
 */
@Injectable()
export class WebhookDeliveryService {
  private readonly logger = new Logger(WebhookDeliveryService.name);
  private readonly attempts;
  private readonly maxAttempts: number;

  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly verifications: VerificationRepository,
    private readonly presenter: VerificationPresenter,
    private readonly cipher: PiiCipher,
    private readonly journal: AuditJournal,
    private readonly client: WebhookClient,
    metrics: MetricsService,
    @Inject(WEBHOOK_SETTINGS) settings: Pick<WebhookSettings, 'retry'>,
    @Optional() private readonly amqp?: AmqpDeliveryService,
  ) {
    this.attempts = metrics.counter('dxhub_webhook_attempts_total', 'Webhook delivery attempts by result', ['result']);
    this.maxAttempts = webhookAttempts(settings.retry);
  }

  async deliver(deliveryId: string): Promise<DeliveryResult> {
    const delivery = await this.deliveries.findToSend(deliveryId);
    if (!delivery || delivery.status !== 'pending') return 'done';
    // A verification that came over AMQP also has its result published there: same queue, same schedule.
    if (delivery.channel === 'amqp' && this.amqp) return this.amqp.deliver(delivery);
    if (!delivery.webhookUrl || !delivery.webhookSecretEnc) {
      await this.deliveries.failWithoutAttempt(deliveryId, 'the exchange has no webhook any more');
      this.logger.warn({ deliveryId }, 'delivery failed: the exchange has no webhook');
      return 'done';
    }
    const verification = await this.verifications.findById(delivery.verificationId);
    if (!verification) throw new Error(`delivery ${deliveryId}: verification ${delivery.verificationId} is missing`);

    const rawBody = JSON.stringify({
      id: delivery.id,
      type: delivery.type,
      createdAt: delivery.createdAt.toISOString(),
      data: this.presenter.present(verification, { fti: 'show' }), // the exchange's own result
    });
    const attemptNo = await this.deliveries.startAttempt(deliveryId);
    if (attemptNo === null) return 'done';

    const timestamp = Math.floor(Date.now() / 1000);
    const secret = this.cipher.decrypt(delivery.webhookSecretEnc);
    const reply = await this.client.post(delivery.webhookUrl, rawBody, webhookSignature(secret, timestamp, rawBody));

    const outcome = reply.error === null ? 'delivered' : attemptNo >= this.maxAttempts ? 'failed' : 'retry';
    const audit = new TransferAudit(this.journal, verification).event('delivery.attempt', {
      deliveryId,
      type: delivery.type,
      attemptNo,
      url: delivery.webhookUrl,
      httpStatus: reply.httpStatus,
      error: reply.error,
      outcome,
      body: rawBody,
    });
    await this.deliveries.endAttempt({ deliveryId, attemptNo, httpStatus: reply.httpStatus, error: reply.error, outcome, audit });
    this.attempts.inc({ result: outcome });
    const log = { deliveryId, verificationId: verification.id, attemptNo, httpStatus: reply.httpStatus, outcome };
    if (outcome === 'delivered') this.logger.log(log, 'webhook delivered');
    else this.logger.warn(log, `webhook attempt failed: ${reply.error}`);
    return outcome === 'retry' ? 'retry' : 'done';
  }
}
