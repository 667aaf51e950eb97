#!/usr/bin/env node
// Against a running hub: N verifications over the AMQP channel, W in flight at a time (closed loop).
// Prints accepted and completed per second, and the latency of publish -> request.accepted and
// publish -> verification.completed (p50/p95/p99). Needs an exchange's RabbitMQ user (`dxhub amqp grant`).
//
//   AMQP_URL=amqp://ma-backend:<password>@127.0.0.1:5672 DXHUB_EXCHANGE=ma N=500 W=50 npm run bench:amqp
import { randomUUID } from 'node:crypto';
import { connect } from 'amqplib';

const url = process.env.AMQP_URL ?? 'amqp://ma-backend:change-me@127.0.0.1:5672';
const exchangeId = process.env.DXHUB_EXCHANGE ?? 'ma';
const total = Number(process.env.N ?? 500);
const window = Number(process.env.W ?? 50);
const user = decodeURIComponent(new URL(url).username);

const connection = await connect(url);
const channel = await connection.createConfirmChannel();
await channel.prefetch(1000);
const sentAt = new Map(); // idempotency key -> ms
const idOf = new Map(); // verification id -> idempotency key
const accepted = [];
const completed = [];
let finished = 0;
let next = 0;
const start = performance.now();
let release;
const allDone = new Promise((resolve) => (release = resolve));

const ssn = (i) => `${String(100 + (i % 800)).padStart(3, '0')}-${String(10 + (i % 89)).padStart(2, '0')}-${String(1000 + (i % 8999)).slice(0, 3)}1`;
function send() {
  if (next >= total) return;
  const i = next++;
  const key = `bench-${randomUUID()}`;
  sentAt.set(key, performance.now());
  const body = { service: 'ssa-composite', subject: { ssn: ssn(i), firstName: 'Ana', lastName: 'Silva', dateOfBirth: '1980-02-29' }, reference: `bench-${i}` };
  channel.sendToQueue('dxhub.requests', Buffer.from(JSON.stringify(body)), { userId: user, messageId: key, contentType: 'application/json', persistent: true });
}

await channel.consume(`dxhub.results.${exchangeId}`, (message) => {
  if (!message) return;
  channel.ack(message);
  const event = message.fields.routingKey.slice(exchangeId.length + 1);
  const body = JSON.parse(message.content.toString());
  const now = performance.now();
  if (event === 'request.accepted' && sentAt.has(message.properties.correlationId)) {
    idOf.set(body.id, message.properties.correlationId);
    accepted.push(now - sentAt.get(message.properties.correlationId));
  } else if (event.startsWith('verification.') && idOf.has(body.data.id)) {
    completed.push(now - sentAt.get(idOf.get(body.data.id)));
    if (++finished === total) release();
    else send();
  } else if (event === 'request.rejected') {
    console.error('rejected:', message.content.toString());
    if (++finished === total) release();
    else send();
  }
});

for (let i = 0; i < Math.min(window, total); i++) send();
await allDone;
const seconds = (performance.now() - start) / 1000;
const pct = (xs, p) => xs.sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))].toFixed(1);
console.log(`${total} verifications over AMQP, ${window} in flight: ${(total / seconds).toFixed(0)} completed/s in ${seconds.toFixed(1)} s`);
console.log(`publish -> accepted : p50 ${pct(accepted, 50)} ms  p95 ${pct(accepted, 95)} ms  p99 ${pct(accepted, 99)} ms`);
console.log(`publish -> completed: p50 ${pct(completed, 50)} ms  p95 ${pct(completed, 95)} ms  p99 ${pct(completed, 99)} ms`);
await connection.close();
