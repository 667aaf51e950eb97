import type { ConfirmChannel, Options } from 'amqplib';
import {
  AMQP_DEAD_LETTER_QUEUE,
  AMQP_DLQ_HEADERS,
  AMQP_RESULTS_EXCHANGE,
  AmqpReplyEvent,
  amqpRoutingKey,
} from '@dxhub/contracts';
import type { ReplyQueueCache } from '@dxhub/messaging';
import type { Refusal } from './amqp-request';

/** What RabbitMQ handed the consumer (amqplib's ConsumeMessage, as much as the channel reads). */
export interface ConsumedMessage {
  content: Buffer;
  properties: Options.Publish & { userId?: string; messageId?: string; correlationId?: string; contentType?: string; headers?: Record<string, unknown> };
  fields: { redelivered?: boolean };
}

/** Publishes on a confirm channel and resolves once RabbitMQ has taken the message (publisher confirms). */
function publishConfirmed(channel: ConfirmChannel, exchange: string, routingKey: string, content: Buffer, options: Options.Publish): Promise<void> {
  return new Promise((resolve, reject) => {
    channel.publish(exchange, routingKey, content, options, (error) => (error ? reject(error) : resolve()));
  });
}

/**
 * What the request consumer sends: answers to the exchange on its reply routing key (correlated with the
 * request's message_id) and refused requests to the dead-letter queue. Every publish is confirmed by
 * RabbitMQ before the request is acknowledged, so a crash in between redelivers the request instead of
 * losing the answer. Everything carries the hub's own user as user_id, which RabbitMQ validates: a backend
 * can tell the hub's messages from anything else in its queue.
 */
export class AmqpReplies {
  constructor(
    private readonly hubUser: string,
    private readonly replyQueues: ReplyQueueCache,
  ) {}

  async reply(channel: ConfirmChannel, exchangeId: string, event: AmqpReplyEvent, request: ConsumedMessage, body: unknown, httpStatus: number): Promise<void> {
    await this.replyQueues.ensure(channel, exchangeId);
    const problem = event === 'request.rejected';
    await publishConfirmed(channel, AMQP_RESULTS_EXCHANGE, amqpRoutingKey(exchangeId, event), Buffer.from(JSON.stringify(body)), {
      contentType: problem ? 'application/problem+json' : 'application/json',
      correlationId: request.properties.messageId,
      userId: this.hubUser,
      persistent: true,
      timestamp: Math.floor(Date.now() / 1000),
      type: event,
      headers: { 'x-dxhub-http-status': httpStatus },
    });
  }

  /**
   * The request as it came (body and properties), with why it was refused in its headers. The sender's
   * user_id moves to a header: RabbitMQ would refuse the hub publishing under another user's name.
   */
  async deadLetter(channel: ConfirmChannel, request: ConsumedMessage, refusal: Pick<Refusal, 'reason' | 'detail'>, exchangeId: string | null): Promise<void> {
    const { userId, ...properties } = request.properties;
    await publishConfirmed(channel, '', AMQP_DEAD_LETTER_QUEUE, request.content, {
      ...properties,
      persistent: true,
      headers: {
        ...(properties.headers ?? {}),
        [AMQP_DLQ_HEADERS.reason]: refusal.reason,
        [AMQP_DLQ_HEADERS.detail]: refusal.detail,
        [AMQP_DLQ_HEADERS.exchangeId]: exchangeId,
        [AMQP_DLQ_HEADERS.deadLetteredAt]: new Date().toISOString(),
        'x-dxhub-user-id': userId ?? null,
      },
    });
  }
}
