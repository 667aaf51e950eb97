import { BeforeApplicationShutdown, Logger, OnModuleInit } from '@nestjs/common';
import { connect, type AmqpConnectionManager, type ChannelWrapper } from 'amqp-connection-manager';
import type { ConfirmChannel, Options } from 'amqplib';
import { AMQP_RESULTS_EXCHANGE, AmqpReplyEvent, amqpRoutingKey } from '@dxhub/contracts';
import { amqpUserOf, declareAmqpTopology, declareReplyQueue, safeAmqpUrl } from '@dxhub/messaging';

/** How long one publish may wait for RabbitMQ's confirm (or for a connection) before the attempt fails. */
const PUBLISH_TIMEOUT_MS = 10_000;

export const AMQP_RESULT_PUBLISHER = Symbol('AMQP_RESULT_PUBLISHER');

/**
 * The broker's link to RabbitMQ for results: one connection (re-established by itself) and one confirm
 * channel. A publish resolves only once RabbitMQ has confirmed it (publisher confirms), and rejects on a
 * nack or after PUBLISH_TIMEOUT_MS (RabbitMQ away); the delivery service then retries on the webhook schedule.
 * The exchange's reply queue is declared before its first result, and again after every reconnection, so a
 * result is never published where no queue would take it.
 */
export class AmqpResultPublisher implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(AmqpResultPublisher.name);
  private connection?: AmqpConnectionManager;
  private channel?: ChannelWrapper;
  private readonly replyQueues = new Set<string>();
  readonly hubUser: string;

  constructor(private readonly url: string) {
    this.hubUser = amqpUserOf(url);
  }

  onModuleInit(): void {
    this.connection = connect([this.url], { heartbeatIntervalInSeconds: 5, reconnectTimeInSeconds: 5 });
    this.connection.on('connect', () => this.logger.log(`connected to RabbitMQ at ${safeAmqpUrl(this.url)}`));
    this.connection.on('disconnect', ({ err }) => this.logger.warn({ err }, 'disconnected from RabbitMQ; reconnecting'));
    this.channel = this.connection.createChannel({
      confirm: true,
      publishTimeout: PUBLISH_TIMEOUT_MS,
      setup: (channel: ConfirmChannel) => declareAmqpTopology(channel),
    });
    this.channel.on('error', (error) => this.logger.error({ err: error }, 'AMQP channel error'));
  }

  /** After the delivery worker has stopped (its onModuleDestroy), so a publish in flight is confirmed first. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.channel?.close().catch(() => undefined);
    await this.connection?.close().catch(() => undefined);
  }

  isConnected(): boolean {
    return Boolean(this.connection?.isConnected());
  }

  /** Publishes one message for an exchange and resolves once RabbitMQ confirms it. */
  async publish(exchangeId: string, event: AmqpReplyEvent, body: string, properties: Options.Publish): Promise<void> {
    const channel = this.channel!;
    if (!this.replyQueues.has(exchangeId)) {
      // A setup runs now and on every new channel: the queue exists whatever RabbitMQ lost meanwhile.
      await channel.addSetup((c: ConfirmChannel) => declareReplyQueue(c, exchangeId));
      this.replyQueues.add(exchangeId);
    }
    await channel.publish(AMQP_RESULTS_EXCHANGE, amqpRoutingKey(exchangeId, event), Buffer.from(body), {
      contentType: 'application/json',
      userId: this.hubUser,
      persistent: true,
      type: event,
      timestamp: Math.floor(Date.now() / 1000),
      ...properties,
    });
  }
}
