import type { Channel } from 'amqplib';
import { ServerRMQ } from '@nestjs/microservices';
import { AMQP_REQUEST_QUEUE } from '@dxhub/contracts';
import { declareAmqpTopology, ReplyQueueCache } from '@dxhub/messaging';

/** The one pattern the request queue carries: every message on it is a verification request. */
export const AMQP_REQUEST_PATTERN = 'dxhub.verification-request';

/**
 * Nest's RabbitMQ transport consuming `dxhub.requests`, with what the hub needs on top: the topology is
 * declared on every (re)connection before consuming; messages are acknowledged by hand (after the hub has
 * stored them or dead-lettered them, never before); and every message, whatever its body, is one event for
 * the request handler, which reads the raw bytes and properties itself (state backends do not speak Nest's
 * `{ pattern, data }` envelope).
 */
export class AmqpRequestServer extends ServerRMQ {
  /** Reply queues declared on the current channel (reset with each new channel). */
  readonly replyQueues = new ReplyQueueCache();

  constructor(url: string, prefetchCount: number) {
    super({
      urls: [url],
      queue: AMQP_REQUEST_QUEUE,
      noAck: false,
      noAssert: true, // declared by setupChannel, with the same arguments as every other process
      prefetchCount,
      socketOptions: { heartbeatIntervalInSeconds: 5, reconnectTimeInSeconds: 5 },
      deserializer: { deserialize: () => ({ pattern: AMQP_REQUEST_PATTERN, data: null }) },
    });
  }

  override async setupChannel(channel: Channel, callback: () => void): Promise<void> {
    this.replyQueues.reset();
    await declareAmqpTopology(channel);
    return super.setupChannel(channel, callback);
  }

  /** For /health: whether the connection to RabbitMQ is up now. */
  isConnected(): boolean {
    return Boolean(this.server?.isConnected());
  }
}
