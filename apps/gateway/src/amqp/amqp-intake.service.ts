import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfirmChannel } from 'amqplib';
import { TenantRepository } from '@dxhub/persistence';
import { correlationIdFrom, MetricsService, ProblemDetails, ProblemException, Problems } from '@dxhub/platform';
import { VerificationIntakeService } from '../verifications/verification-intake.service';
import { envelopeRefusal, parseRequestBody, Refusal } from './amqp-request';
import { AmqpReplies, ConsumedMessage } from './amqp-replies';

export const AMQP_REPLIES = Symbol('AMQP_REPLIES');

/** How long the consumer waits before handing back a request it could not store (the database is down). */
const RETRY_DELAYS_MS = [500, 1000, 2000, 5000, 10_000, 30_000];

/** What became of one message: for the metric and the tests' logs. */
export type AmqpOutcome = 'accepted' | 'replayed' | 'dead-lettered' | 'requeued';

/**
 * The message-broker door to the same intake as POST /v1/verifications. RabbitMQ vouches for user_id (it
 * refuses a message whose user_id is not the publishing connection's user), and the hub maps that user to
 * the one exchange it speaks for; nothing in the body can claim another exchange. A good request is stored
 * exactly as over HTTP (validation, idempotency by message_id, audit event, outbox) and answered on the
 * exchange's `request.accepted` routing key. A bad one goes to the dead-letter queue with its reason and,
 * when the exchange is known, is answered on `request.rejected` with the problem the HTTP API would give.
 * A failure of the hub itself (the database down) refuses nothing: the message goes back to the queue
 * after a growing pause and is tried again, so no good request is ever dead-lettered or lost.
 */
@Injectable()
export class AmqpIntakeService {
  private readonly logger = new Logger(AmqpIntakeService.name);
  private readonly outcomes;
  private consecutiveFailures = 0;

  constructor(
    private readonly intake: VerificationIntakeService,
    private readonly tenants: TenantRepository,
    @Inject(AMQP_REPLIES) private readonly replies: AmqpReplies,
    metrics: MetricsService,
  ) {
    this.outcomes = metrics.counter('dxhub_amqp_requests_total', 'Requests taken from the AMQP request queue, by outcome', ['outcome']);
  }

  async handle(message: ConsumedMessage, channel: ConfirmChannel): Promise<AmqpOutcome> {
    let outcome: AmqpOutcome;
    try {
      outcome = await this.process(message, channel);
      this.consecutiveFailures = 0;
      channel.ack(message as never);
    } catch (error) {
      outcome = 'requeued';
      const delay = RETRY_DELAYS_MS[Math.min(this.consecutiveFailures++, RETRY_DELAYS_MS.length - 1)];
      this.logger.warn({ err: error, messageId: message.properties.messageId, retryInMs: delay }, 'could not take an AMQP request now; it goes back to the queue');
      await new Promise((resolve) => setTimeout(resolve, delay));
      try {
        channel.nack(message as never, false, true);
      } catch {
        // The channel is gone: RabbitMQ gives the unacknowledged message to the next consumer anyway.
      }
    }
    this.outcomes.inc({ outcome });
    return outcome;
  }

  /** Resolves with the outcome once every answer is confirmed; throws when the message should be tried again. */
  private async process(message: ConsumedMessage, channel: ConfirmChannel): Promise<AmqpOutcome> {
    const { properties } = message;
    const user = properties.userId;
    if (!user) {
      return this.refuse(channel, message, null, { reason: 'missing-user-id', status: 401, detail: 'Set the user_id property to your RabbitMQ user (RabbitMQ checks it).' });
    }
    const exchangeId = await this.tenants.exchangeOfAmqpUser(user);
    if (!exchangeId) {
      return this.refuse(channel, message, null, { reason: 'unknown-user', status: 403, detail: `RabbitMQ user "${user}" speaks for no exchange.` });
    }
    const envelope = envelopeRefusal(properties);
    if (envelope) return this.refuse(channel, message, exchangeId, envelope);
    const parsed = parseRequestBody(message.content);
    if (!parsed.ok) return this.refuse(channel, message, exchangeId, parsed.refusal);

    let result;
    try {
      result = await this.intake.submit({
        principal: { credentialId: `amqp:${user}`, role: 'submitter', exchangeId },
        body: parsed.body,
        rawBody: message.content,
        idempotencyKey: properties.messageId!,
        correlationId: correlationIdFrom(properties.correlationId),
        replyChannel: 'amqp',
      });
    } catch (error) {
      const problem = error instanceof ProblemException ? error.problem : null;
      if (!problem || problem.status >= 500) throw error; // the hub's own trouble: try again later
      const reason = problem.status === 409 ? 'idempotency-conflict' : 'invalid-request';
      return this.refuse(channel, message, exchangeId, { reason, status: problem.status, detail: problem.detail }, problem);
    }
    const status = result.created ? 202 : 200;
    await this.replies.reply(channel, exchangeId, 'request.accepted', message, result.resource, status);
    this.logger.log({ verificationId: result.resource.id, exchangeId, replayed: !result.created }, 'AMQP request accepted');
    return result.created ? 'accepted' : 'replayed';
  }

  private async refuse(channel: ConfirmChannel, message: ConsumedMessage, exchangeId: string | null, refusal: Refusal, problem?: Omit<ProblemDetails, 'requestId'>): Promise<AmqpOutcome> {
    await this.replies.deadLetter(channel, message, refusal, exchangeId);
    if (exchangeId) {
      const body = problem ?? problemOf(refusal);
      await this.replies.reply(channel, exchangeId, 'request.rejected', message, body, refusal.status);
    }
    this.logger.warn({ reason: refusal.reason, exchangeId, messageId: message.properties.messageId }, `AMQP request dead-lettered: ${refusal.detail}`);
    return 'dead-lettered';
  }
}

/** The problem+json the HTTP API gives for the same mistake. */
function problemOf(refusal: Refusal): Omit<ProblemDetails, 'requestId'> {
  const errors = refusal.field ? [{ field: refusal.field, message: refusal.detail }] : [];
  const exception =
    refusal.status === 415 ? Problems.unsupportedMediaType('application/json')
    : refusal.status === 413 ? Problems.payloadTooLarge('1 MB')
    : Problems.validation(errors, refusal.detail);
  return { ...exception.problem, detail: refusal.detail, errors };
}
