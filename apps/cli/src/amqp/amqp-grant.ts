import { randomBytes } from 'node:crypto';
import { connect } from 'amqplib';
import {
  AMQP_DEAD_LETTER_QUEUE,
  AMQP_REPLY_EVENTS,
  AMQP_REQUEST_QUEUE,
  AMQP_RESULTS_EXCHANGE,
  amqpReplyQueue,
  amqpRoutingKey,
} from '@dxhub/contracts';
import {
  amqpEnabled,
  amqpUserOf,
  amqpVhostOf,
  declareAmqpTopology,
  declareReplyQueue,
  exchangeUserPermissions,
  RabbitManagementClient,
  safeAmqpUrl,
} from '@dxhub/messaging';
import { withTenantAdmin } from '../admin-context';
import type { CliConfig } from '../cli.config';

export interface AmqpGrant {
  exchangeId: string;
  user: string;
  /** Shown once; RabbitMQ keeps only its hash. Running grant again sets a new one (rotation). */
  password: string;
  vhost: string;
  publishTo: string;
  replyQueue: string;
  routingKeys: string[];
  deadLetterQueue: string;
}

/**
 * `dxhub amqp grant <exchangeId>`: everything an exchange's backend needs on the message-broker channel.
 * 1. maps the RabbitMQ user to the exchange in the hub (validated and audited, as PUT /v1/admin/exchanges/{id}/amqp);
 * 2. creates (or re-keys) that RabbitMQ user through the management API, with the least permissions:
 *    publish through the default exchange (to dxhub.requests) and read its own reply queue, nothing else;
 * 3. declares the hub's queues and the exchange's reply queue, so the backend can consume before its first request.
 * Safe to run again. It refuses the hub's own user and any user with tags (administrators, monitoring).
 */
export async function grantAmqpAccess(config: CliConfig, exchangeId: string, options: { user?: string; password?: string }): Promise<AmqpGrant> {
  if (!amqpEnabled(config.AMQP_URL)) throw new Error('AMQP_URL is "off": set it to the RabbitMQ the hub uses');
  const user = options.user ?? `${exchangeId}-backend`;
  if (user === amqpUserOf(config.AMQP_URL)) throw new Error(`"${user}" is the hub's own RabbitMQ user; choose another for the exchange`);
  const management = new RabbitManagementClient(config.AMQP_MANAGEMENT_URL);
  const tags = await management.userTags(user);
  if (tags && tags.length > 0) throw new Error(`RabbitMQ user "${user}" has tags (${tags.join(', ')}): an exchange's user must be an ordinary one`);

  await withTenantAdmin(config, (admin, actor) => admin.setAmqpUser(actor, exchangeId, { user }));

  const password = options.password ?? randomBytes(24).toString('base64url');
  const vhost = amqpVhostOf(config.AMQP_URL);
  await management.putUser(user, password);
  await management.setPermissions(vhost, user, exchangeUserPermissions(exchangeId));

  const connection = await connect(config.AMQP_URL).catch((error: Error) => {
    throw new Error(`cannot reach RabbitMQ at ${safeAmqpUrl(config.AMQP_URL)} (${error.message})`);
  });
  try {
    const channel = await connection.createChannel();
    await declareAmqpTopology(channel);
    await declareReplyQueue(channel, exchangeId);
  } finally {
    await connection.close();
  }
  return {
    exchangeId,
    user,
    password,
    vhost,
    publishTo: `the queue ${AMQP_REQUEST_QUEUE} (default exchange), with user_id, message_id and content_type application/json`,
    replyQueue: amqpReplyQueue(exchangeId),
    routingKeys: AMQP_REPLY_EVENTS.map((event) => `${AMQP_RESULTS_EXCHANGE} ${amqpRoutingKey(exchangeId, event)}`),
    deadLetterQueue: AMQP_DEAD_LETTER_QUEUE,
  };
}
