import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { AuditEventInput, AuditJournal, SYSTEM_ACTOR } from '@dxhub/audit';
import { presentBatch, VerificationPresenter } from '@dxhub/hub-core';
import { delayAfterAttempt, webhookAttempts, webhookRetryDelays } from '@dxhub/messaging';
import { AuditRow, BatchRepository, DeliveryAttemptEnd, DeliveryRepository, DeliveryToSend } from '@dxhub/persistence';
import { boundedMemo, MetricsService } from '@dxhub/platform';
import { PiiCipher } from '@dxhub/security';
import { TransferAudit } from '../transfers/transfer-audit';
import { AmqpDeliveryService } from './amqp-delivery.service';
import { WebhookClient } from './webhook.client';
import { webhookSignature } from './webhook-signature';
import { WEBHOOK_SETTINGS, WebhookSettings } from './webhook-settings';

/** What the caller (the queue processor) should do next. */
export type DeliveryResult = 'done' | 'retry';

/** A delivery whose exchange still has a webhook to send it to. */
type WithWebhook = DeliveryToSend & { webhookUrl: string; webhookSecretEnc: string };
const hasWebhook = (delivery: DeliveryToSend): delivery is WithWebhook => Boolean(delivery.webhookUrl && delivery.webhookSecretEnc);

/** What a delivery carries (`data`) and how its attempts are audited: about a verification, or a whole batch. */
interface DeliverySubject {
  data: unknown;
  /** What the attempt's log line names besides the delivery: the verification or batch, and its correlation id. */
  logAs: Record<string, string | null>;
  audit(message: Record<string, unknown>): AuditRow;
}

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
  /** The wait before the second attempt, for a first attempt made outside a job. */
  private readonly firstRetryDelayMs: number;
  /**
   * Webhook secrets by their envelope: an exchange's every delivery carries the same one, decrypted once. A
   * rotated secret or key comes with a new envelope, so an answer never goes stale.
   */
  private readonly secretOf = boundedMemo((envelope) => this.cipher.decrypt(envelope));

  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly presenter: VerificationPresenter,
    private readonly cipher: PiiCipher,
    private readonly journal: AuditJournal,
    private readonly client: WebhookClient,
    metrics: MetricsService,
    @Inject(WEBHOOK_SETTINGS) settings: Pick<WebhookSettings, 'retry'>,
    private readonly batches: BatchRepository,
    @Optional() private readonly amqp?: AmqpDeliveryService,
  ) {
    this.attempts = metrics.counter('dxhub_webhook_attempts_total', 'Webhook delivery attempts by result', ['result']);
    this.maxAttempts = webhookAttempts(settings.retry);
    this.firstRetryDelayMs = delayAfterAttempt(webhookRetryDelays(settings.retry), 1);
  }

  /** A deliveries job's attempt: loads the delivery, starts an attempt (if it is still pending) and sends it. */
  async deliver(deliveryId: string): Promise<DeliveryResult> {
    const delivery = await this.deliveries.findToSend(deliveryId);
    if (!delivery || delivery.status !== 'pending') return 'done';
    // A verification that came over AMQP also has its result published there: same queue, same schedule.
    if (delivery.channel === 'amqp' && this.amqp) return this.amqp.deliver(delivery);
    if (!hasWebhook(delivery)) return this.failWithoutWebhook(deliveryId);
    const subject = delivery.batchId ? await this.batchSubject(delivery, delivery.batchId) : await this.verificationSubject(delivery);
    const attemptNo = await this.deliveries.startAttempt(deliveryId);
    if (attemptNo === null) return 'done';
    return this.send(delivery, subject, attemptNo);
  }

  /**
   * The broker's own first attempt, already started by the statement that ended the verification, which also
   * read the delivery (ImmediateWebhooks). No job exists to retry it: a retry is queued through the outbox by
   * the statement that records the attempt.
   */
  async sendFirstAttempt(delivery: DeliveryToSend): Promise<DeliveryResult> {
    if (!hasWebhook(delivery)) return this.failWithoutWebhook(delivery.id);
    const retryThroughOutbox = { delayMs: this.firstRetryDelayMs, correlationId: delivery.verification?.correlationId ?? null };
    return this.send(delivery, await this.verificationSubject(delivery), 1, retryThroughOutbox);
  }

  /** Signs and POSTs the delivery, then records the attempt, the delivery's new status and its audit event in one statement. */
  private async send(
    delivery: WithWebhook,
    subject: DeliverySubject,
    attemptNo: number,
    retryThroughOutbox?: DeliveryAttemptEnd['retryThroughOutbox'],
  ): Promise<DeliveryResult> {
    const { id: deliveryId, webhookUrl } = delivery;
    const rawBody = JSON.stringify({ id: deliveryId, type: delivery.type, createdAt: delivery.createdAt.toISOString(), data: subject.data });
    const timestamp = Math.floor(Date.now() / 1000);
    const reply = await this.client.post(webhookUrl, rawBody, webhookSignature(this.secretOf(delivery.webhookSecretEnc), timestamp, rawBody));

    const outcome = reply.error === null ? 'delivered' : attemptNo >= this.maxAttempts ? 'failed' : 'retry';
    const audit = subject.audit({
      deliveryId,
      type: delivery.type,
      attemptNo,
      url: webhookUrl,
      httpStatus: reply.httpStatus,
      error: reply.error,
      outcome,
      body: rawBody,
    });
    await this.deliveries.endAttempt({ deliveryId, attemptNo, httpStatus: reply.httpStatus, error: reply.error, outcome, audit, retryThroughOutbox });
    this.attempts.inc({ result: outcome });
    const log = { deliveryId, ...subject.logAs, attemptNo, httpStatus: reply.httpStatus, outcome };
    if (outcome === 'delivered') this.logger.log(log, 'webhook delivered');
    else this.logger.warn(log, `webhook attempt failed: ${reply.error}`);
    return outcome === 'retry' ? 'retry' : 'done';
  }

  private async failWithoutWebhook(deliveryId: string): Promise<DeliveryResult> {
    await this.deliveries.failWithoutAttempt(deliveryId, 'the exchange has no webhook any more');
    this.logger.warn({ deliveryId }, 'delivery failed: the exchange has no webhook');
    return 'done';
  }

  /** verification.completed / verification.failed: the resource exactly as GET /v1/verifications/{id} shows it. */
  private async verificationSubject(delivery: DeliveryToSend): Promise<DeliverySubject> {
    const verification = delivery.verification;
    if (!verification) throw new Error(`delivery ${delivery.id}: verification ${delivery.verificationId} is missing`);
    const audit = new TransferAudit(this.journal, verification);
    return {
      data: this.presenter.present(verification, { fti: 'show' }), // the exchange's own result
      logAs: { verificationId: verification.id, correlationId: verification.correlationId },
      audit: (message) => audit.event('delivery.attempt', message),
    };
  }

  /** batch.completed: the batch resource as GET /v1/batches/{id} shows it (counts by status, never a line's data). */
  private async batchSubject(delivery: DeliveryToSend, batchId: string): Promise<DeliverySubject> {
    const batch = await this.batches.findById(batchId);
    if (!batch) throw new Error(`delivery ${delivery.id}: batch ${batchId} is missing`);
    const event = (message: AuditEventInput['message']): AuditRow =>
      this.journal.prepare({ kind: 'delivery.attempt', exchangeId: batch.exchangeId, verificationId: null, actor: SYSTEM_ACTOR, correlationId: batch.correlationId, message });
    return { data: presentBatch(batch, await this.batches.counts(batchId)), logAs: { batchId, correlationId: batch.correlationId }, audit: event };
  }
}
