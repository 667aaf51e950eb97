import { connect, type Channel, type ChannelModel, type ConsumeMessage, type GetMessage, type Options } from 'amqplib';
import { AMQP_DEAD_LETTER_QUEUE, AMQP_REQUEST_QUEUE, amqpReplyQueue } from '@dxhub/contracts';
import { pollUntil } from '@dxhub/testing';

/** A state backend on the message-broker channel, as amqplib sees it: its own RabbitMQ user. */
export class AmqpBackend {
  readonly received: ConsumeMessage[] = [];
  private connection?: ChannelModel;
  private channel?: Channel;

  constructor(
    private readonly url: string,
    readonly user: string,
  ) {}

  async open(): Promise<void> {
    this.connection = await connect(this.url);
    this.connection.on('error', () => undefined);
    this.channel = await this.connection.createConfirmChannel();
  }

  /** Consumes the exchange's reply queue (RabbitMQ checks read access). */
  async listen(exchangeId: string): Promise<void> {
    await this.channel!.consume(amqpReplyQueue(exchangeId), (message) => message && this.received.push(message), { noAck: true });
  }

  /** Publishes a request with the user's own user_id unless told otherwise; resolves on RabbitMQ's confirm. */
  async submit(body: unknown, properties: Options.Publish = {}): Promise<void> {
    const content = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    this.channel!.sendToQueue(AMQP_REQUEST_QUEUE, content, { userId: this.user, contentType: 'application/json', persistent: true, ...properties });
    await (this.channel as unknown as { waitForConfirms(): Promise<void> }).waitForConfirms();
  }

  async waitFor(match: (message: ConsumeMessage) => boolean, timeoutMs = 15_000): Promise<ConsumeMessage> {
    const found = await pollUntil(async () => this.received.find(match), (m) => m !== undefined, timeoutMs);
    if (!found) throw new Error(`no matching message on the reply queue within ${timeoutMs} ms (got ${this.received.map((m) => m.fields.routingKey).join(', ')})`);
    return found;
  }

  async close(): Promise<void> {
    await this.connection?.close().catch(() => undefined);
  }
}

/** Reads what is in the dead-letter queue (as the hub's own user), acknowledging what it takes. */
export async function drainDeadLetters(url: string): Promise<GetMessage[]> {
  const connection = await connect(url);
  try {
    const channel = await connection.createChannel();
    const messages: GetMessage[] = [];
    for (let m = await channel.get(AMQP_DEAD_LETTER_QUEUE, { noAck: true }); m; m = await channel.get(AMQP_DEAD_LETTER_QUEUE, { noAck: true })) messages.push(m);
    return messages;
  } finally {
    await connection.close();
  }
}

/** Tries a channel operation that RabbitMQ should refuse; resolves with the channel's closing error. */
export async function refusal(url: string, operation: (channel: Channel) => Promise<unknown>): Promise<{ code?: number; message: string }> {
  const connection = await connect(url);
  connection.on('error', () => undefined);
  try {
    const channel = await connection.createConfirmChannel();
    const closed = new Promise<{ code?: number; message: string }>((resolve) => channel.on('error', (error: { code?: number; message: string }) => resolve(error)));
    channel.on('close', () => undefined);
    await operation(channel).catch(() => undefined);
    return await Promise.race([closed, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('RabbitMQ did not refuse')), 5000))]);
  } finally {
    await connection.close().catch(() => undefined);
  }
}
