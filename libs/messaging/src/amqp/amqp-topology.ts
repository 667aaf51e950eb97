import type { Channel } from 'amqplib';
import { AMQP_DEAD_LETTER_QUEUE, AMQP_REQUEST_QUEUE, AMQP_RESULTS_EXCHANGE, amqpReplyBinding, amqpReplyQueue } from '@dxhub/contracts';

/**
 * The hub's RabbitMQ objects, declared (idempotently, with the same arguments everywhere) by every process
 * that uses them before it consumes or publishes: durable, so a broker restart keeps queued messages.
 */
export async function declareAmqpTopology(channel: Pick<Channel, 'assertQueue' | 'assertExchange'>): Promise<void> {
  await channel.assertQueue(AMQP_REQUEST_QUEUE, { durable: true });
  await channel.assertQueue(AMQP_DEAD_LETTER_QUEUE, { durable: true });
  await channel.assertExchange(AMQP_RESULTS_EXCHANGE, 'topic', { durable: true });
}

/**
 * An exchange's reply queue, bound to every routing key of that exchange, so nothing published for it is
 * unroutable (a topic exchange silently drops what no queue is bound for).
 */
export async function declareReplyQueue(channel: Pick<Channel, 'assertQueue' | 'bindQueue'>, exchangeId: string): Promise<string> {
  const queue = amqpReplyQueue(exchangeId);
  await channel.assertQueue(queue, { durable: true });
  await channel.bindQueue(queue, AMQP_RESULTS_EXCHANGE, amqpReplyBinding(exchangeId));
  return queue;
}

/**
 * Remembers which reply queues this connection has declared, so a publish declares its queue once per
 * process (and again after a reconnect: `reset` on every new channel).
 */
export class ReplyQueueCache {
  private readonly declared = new Set<string>();

  async ensure(channel: Pick<Channel, 'assertQueue' | 'bindQueue'>, exchangeId: string): Promise<void> {
    if (this.declared.has(exchangeId)) return;
    await declareReplyQueue(channel, exchangeId);
    this.declared.add(exchangeId);
  }

  reset(): void {
    this.declared.clear();
  }
}
