// Load over HTTP through the public contract (POST /v1/verifications), closed loop and open loop.
import { JsonClient } from './http-client.mjs';
import { pace, wallNow } from './pacer.mjs';

/**
 * A valid ssa-composite request, different for each i (SSA's rules: area 100-599, group 10-98, serial never 0000),
 * tagged with the phase's reference so the bench can find the phase's verifications in PostgreSQL.
 */
export function verificationBody(i, reference) {
  const area = 100 + (i % 500);
  const group = 10 + (Math.floor(i / 500) % 89);
  const serial = 1000 + (i % 8999);
  return {
    service: 'ssa-composite',
    subject: { ssn: `${area}${group}${serial}`, firstName: 'Ana', lastName: 'Silva', dateOfBirth: '1980-02-29' },
    options: { citizenship: true, incarceration: true },
    reference,
  };
}

/**
 * Spreads requests over the exchanges' keys and the gateway replicas, round robin. With `idempotencyKeys`, each
 * request carries its own Idempotency-Key, as a client that retries safely sends (CONTRACT.md).
 */
export class Submitter {
  constructor(gatewayUrls, exchanges, socketsPerGateway, { idempotencyKeys = true } = {}) {
    this.clients = gatewayUrls.map((url) => new JsonClient(url, socketsPerGateway));
    this.exchanges = exchanges;
    this.idempotencyKeys = idempotencyKeys;
    this.statuses = {};
    this.transportErrors = 0;
  }

  /** Submits request i; resolves the verification id when accepted (202), else null. */
  async submit(i, reference) {
    const client = this.clients[i % this.clients.length];
    const { key } = this.exchanges[i % this.exchanges.length];
    try {
      const headers = this.idempotencyKeys ? { 'idempotency-key': `${reference}-${i}` } : {};
      const { status, body } = await client.send('POST', '/v1/verifications', key, verificationBody(i, reference), headers);
      this.statuses[status] = (this.statuses[status] ?? 0) + 1;
      return status === 202 ? body.id : null;
    } catch {
      this.transportErrors++;
      return null;
    }
  }

  close() {
    this.clients.forEach((client) => client.close());
  }
}

/**
 * Closed loop: `concurrency` clients, each sending its next request as soon as the previous one is answered,
 * until `count` were sent. Measures the gateway's accepted/s and the 202 latency.
 */
export async function closedLoop(submitter, { count, concurrency, reference, offset = 0, onAccepted = () => {} }) {
  const acceptMs = [];
  let next = 0;
  let accepted = 0;
  const started = wallNow();
  let lastAccept = started;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = offset + next++;
        const t0 = performance.now();
        const id = await submitter.submit(i, reference);
        if (id) {
          acceptMs.push(performance.now() - t0);
          accepted++;
          lastAccept = wallNow();
          onAccepted(accepted);
        }
      }
    }),
  );
  return { sent: count, accepted, started, lastAccept, acceptMs };
}

/**
 * Open loop: request i is due at start + i / rate and is sent then, whether or not earlier ones were answered
 * (no coordinated omission); every latency is measured from the request's scheduled time.
 * Returns the schedule per verification id, so completion times can be measured from it too.
 */
export async function openLoop(submitter, { rate, durationMs, reference, offset = 0, onTick = () => {} }) {
  const total = Math.max(1, Math.floor((rate * durationMs) / 1000));
  const scheduledById = new Map();
  const acceptMs = [];
  let lateSends = 0;
  const { started } = await pace({
    rate,
    total,
    onTick,
    send: async (index, scheduled, now) => {
      if (now - scheduled > 10) lateSends++;
      const id = await submitter.submit(offset + index, reference);
      if (!id) return;
      acceptMs.push(wallNow() - scheduled);
      scheduledById.set(id, scheduled);
    },
  });
  return { sent: total, accepted: scheduledById.size, started, offeredPerSecond: rate, scheduledById, acceptMs, lateSends };
}
