#!/usr/bin/env node
// Against a running hub: N verifications over the AMQP channel, W in flight at a time (closed loop).
// Prints accepted and completed per second, and the latency of publish -> request.accepted and
// publish -> verification.completed (p50/p95/p99). Needs an exchange's RabbitMQ user (`dxhub amqp grant`).
//
//   AMQP_URL=amqp://ma-backend:<password>@127.0.0.1:5672 DXHUB_EXCHANGE=ma N=500 W=50 npm run bench:amqp
import { randomUUID } from 'node:crypto';
import { connect } from 'amqplib';
import { verificationBody } from './bench/load.mjs';

const url = process.env.AMQP_URL ?? 'amqp://ma-backend:change-me@127.0.0.1:5672';
const exchangeId = process.env.DXHUB_EXCHANGE ?? 'ma';
const total = Number(process.env.N ?? 500);
const window = Number(process.env.W ?? 50);
const user = decodeURIComponent(new URL(url).username);

const connection = await connect(url);
const channel = await connection.createConfirmChannel();
await channel.prefetch(1000);
const sentAt = new Map(); // idempotency key -> ms
const acceptedKeys = new Set();
const finishedKeys = new Set();
const accepted = [];
const completed = [];
let rejected = 0;
let next = 0;
const start = performance.now();
let release;
const allDone = new Promise((resolve) => (release = resolve));

function send() {
  if (next >= total) return;
  const i = next++;
  const key = `bench-${randomUUID()}`;
  sentAt.set(key, performance.now());
  const body = verificationBody(i, `bench-${i}`);
  channel.sendToQueue('dxhub.requests', Buffer.from(JSON.stringify(body)), { userId: user, messageId: key, contentType: 'application/json', persistent: true });
}

/** A request has its answer (at most once, whatever RabbitMQ redelivers): the next one goes out. */
function finish(key) {
  if (finishedKeys.has(key)) return false;
  finishedKeys.add(key);
  if (finishedKeys.size === total) release();
  else send();
  return true;
}

// Every reply carries the request's message_id as its correlation_id. The end of a verification can come
// before its request.accepted (the broker and the gateway publish independently), so both match on the key.
await channel.consume(`dxhub.results.${exchangeId}`, (message) => {
  if (!message) return;
  channel.ack(message);
  const key = message.properties.correlationId;
  if (!sentAt.has(key)) return;
  const event = message.fields.routingKey.slice(exchangeId.length + 1);
  const elapsed = performance.now() - sentAt.get(key);
  if (event === 'request.accepted' && !acceptedKeys.has(key)) {
    acceptedKeys.add(key);
    accepted.push(elapsed);
  } else if (event.startsWith('verification.')) {
    if (finish(key)) completed.push(elapsed);
  } else if (event === 'request.rejected' && finish(key)) {
    rejected++;
    console.error('rejected:', message.content.toString());
  }
});

for (let i = 0; i < Math.min(window, total); i++) send();
await allDone;
const seconds = (performance.now() - start) / 1000;
const pct = (xs, p) => xs.sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))].toFixed(1);
console.log(`${total} verifications over AMQP, ${window} in flight: ${(completed.length / seconds).toFixed(0)} completed/s in ${seconds.toFixed(1)} s${rejected ? ` (${rejected} rejected)` : ''}`);
console.log(`publish -> accepted : p50 ${pct(accepted, 50)} ms  p95 ${pct(accepted, 95)} ms  p99 ${pct(accepted, 99)} ms`);
console.log(`publish -> completed: p50 ${pct(completed, 50)} ms  p95 ${pct(completed, 95)} ms  p99 ${pct(completed, 99)} ms`);
await connection.close();
