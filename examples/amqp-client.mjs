#!/usr/bin/env node
// A state backend on dxhub's message-broker channel, with plain amqplib: submits one SSA verification and
// prints the hub's acceptance and then the result. See docs/amqp.md.
//
//   npm run dxhub -- exchanges create ma "Massachusetts Health Connector"
//   npm run dxhub -- amqp grant ma                      # prints the RabbitMQ user and its password (once)
//   AMQP_URL=amqp://ma-backend:<password>@127.0.0.1:5672 DXHUB_EXCHANGE=ma node examples/amqp-client.mjs
//
// Environment: AMQP_URL (the exchange's RabbitMQ user; its name is the user_id), DXHUB_EXCHANGE (the
// exchange id), DXHUB_HUB_USER (the hub's RabbitMQ user, default guest: only its messages are trusted),
// SSN (default 123-45-6781: verified), TIMEOUT_MS (default 60000).
import { randomUUID } from 'node:crypto';
import { connect } from 'amqplib';

const url = process.env.AMQP_URL ?? 'amqp://ma-backend:change-me@127.0.0.1:5672';
const exchangeId = process.env.DXHUB_EXCHANGE ?? 'ma';
const hubUser = process.env.DXHUB_HUB_USER ?? 'guest';
const timeoutMs = Number(process.env.TIMEOUT_MS ?? 60_000);
const user = decodeURIComponent(new URL(url).username);

const request = {
  service: 'ssa-composite',
  subject: { ssn: process.env.SSN ?? '123-45-6781', firstName: 'Ana', lastName: 'Silva', dateOfBirth: '1980-02-29' },
  options: { citizenship: true, incarceration: true },
  reference: 'case-0042',
};
// The idempotency key: send the same request again with the same key and the hub answers the same verification.
const idempotencyKey = `case-0042-ssa-${randomUUID()}`;

const connection = await connect(url);
const channel = await connection.createConfirmChannel();
await channel.prefetch(100);
const started = Date.now();
let verificationId = null;

const done = new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`no result within ${timeoutMs} ms`)), timeoutMs);
  // The exchange's reply queue (made by `amqp grant`); the user may read it and no other.
  channel.consume(`dxhub.results.${exchangeId}`, (message) => {
    if (!message) return;
    // RabbitMQ vouches for user_id: anything not from the hub's own user is not the hub's.
    if (message.properties.userId !== hubUser) {
      channel.ack(message);
      return console.warn(`dropped a message from "${message.properties.userId}": not the hub's`);
    }
    const event = message.fields.routingKey.slice(exchangeId.length + 1);
    const body = JSON.parse(message.content.toString('utf8'));
    const mine = message.properties.correlationId === idempotencyKey || body.data?.id === verificationId;
    // Answers to other requests stay in the queue for whoever handles them (unacknowledged, they return on close).
    if (!mine) return;
    channel.ack(message);
    if (event === 'request.accepted' && mine) {
      verificationId = body.id;
      console.log(`accepted (${message.properties.headers['x-dxhub-http-status']}) after ${Date.now() - started} ms:`, JSON.stringify(body));
    } else if (event === 'request.rejected' && mine) {
      clearTimeout(timer);
      reject(new Error(`rejected: ${JSON.stringify(body)}`));
    } else if ((event === 'verification.completed' || event === 'verification.failed') && body.data.id === verificationId) {
      console.log(`${event} after ${Date.now() - started} ms:`, JSON.stringify(body.data));
      clearTimeout(timer);
      resolve(body.data);
    }
  });
});

channel.sendToQueue('dxhub.requests', Buffer.from(JSON.stringify(request)), {
  userId: user, // required: RabbitMQ refuses any other value than the connection's own user
  messageId: idempotencyKey, // required: the idempotency key
  contentType: 'application/json',
  persistent: true,
});
await channel.waitForConfirms(); // RabbitMQ has the request

try {
  const result = await done;
  process.exitCode = result.status === 'completed' ? 0 : 1;
} catch (error) {
  console.error(error.message);
  process.exitCode = 1;
} finally {
  await connection.close();
}
