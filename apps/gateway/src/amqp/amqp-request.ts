import type { AmqpRejectionReason } from '@dxhub/contracts';
import { JSON_BODY_LIMIT_BYTES } from '@dxhub/platform';

/** The AMQP message properties the channel reads (amqplib's names). */
export interface AmqpRequestProperties {
  userId?: string;
  messageId?: string;
  contentType?: string;
  correlationId?: string;
}

/** Why a message was refused: a reason code (the dead-letter header) and what to tell the sender. */
export interface Refusal {
  reason: AmqpRejectionReason;
  detail: string;
  /** The HTTP status the same mistake gets from POST /v1/verifications. */
  status: number;
  field?: string;
}

const IDEMPOTENCY_KEY = /^[\x20-\x7E]{1,255}$/;
const JSON_TYPE = /^application\/json\s*(;|$)/i;
const POISON_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The checks on a request's envelope, after the user is known to speak for an exchange: the idempotency
 * key is required on this channel (a broker redelivers, so a request without one could be accepted twice),
 * as the HTTP header's rules (1-255 printable characters); the body must be declared JSON.
 */
export function envelopeRefusal(properties: AmqpRequestProperties): Refusal | null {
  const key = properties.messageId;
  if (key === undefined || key === null || key === '') {
    return { reason: 'missing-idempotency-key', status: 400, field: 'message_id', detail: 'Set the message_id property to the idempotency key (1-255 printable characters).' };
  }
  if (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key)) {
    return { reason: 'missing-idempotency-key', status: 400, field: 'message_id', detail: 'message_id (the idempotency key) must be 1-255 printable ASCII characters.' };
  }
  if (!properties.contentType || !JSON_TYPE.test(properties.contentType)) {
    return { reason: 'invalid-content-type', status: 415, field: 'content_type', detail: 'Set the content_type property to application/json.' };
  }
  return null;
}

/**
 * The body as JSON, under the HTTP API's rules: at most 1 MB, well-formed, and no keys that poison
 * prototypes (`__proto__`, `constructor`, `prototype`), refused outright as the gateway's parser does.
 */
export function parseRequestBody(content: Buffer): { ok: true; body: unknown } | { ok: false; refusal: Refusal } {
  if (content.length > JSON_BODY_LIMIT_BYTES) {
    return { ok: false, refusal: { reason: 'invalid-request', status: 413, detail: `The body is over ${JSON_BODY_LIMIT_BYTES} bytes.` } };
  }
  try {
    const body = JSON.parse(content.toString('utf8'), (key, value) => {
      if (POISON_KEYS.has(key)) throw new PoisonedKey(key);
      return value;
    });
    return { ok: true, body };
  } catch (error) {
    const detail = error instanceof PoisonedKey ? `The body must not contain a "${error.key}" key.` : 'The body is not valid JSON.';
    return { ok: false, refusal: { reason: error instanceof PoisonedKey ? 'invalid-request' : 'invalid-json', status: 400, detail } };
  }
}

class PoisonedKey extends Error {
  constructor(readonly key: string) {
    super(`poisoned key ${key}`);
  }
}
