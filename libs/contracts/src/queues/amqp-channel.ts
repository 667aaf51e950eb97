// The message-broker channel (CONTRACT: "Message-broker channel (AMQP, RabbitMQ)"): the names a state backend
// and the hub agree on. The wire is RabbitMQ's; everything else (validation, idempotency, audit) is the HTTP API's.

/** State backends publish verification requests to this queue (through RabbitMQ's default exchange). */
export const AMQP_REQUEST_QUEUE = 'dxhub.requests';
/** Requests the hub refused, each with the reason in its headers; nothing is dropped. */
export const AMQP_DEAD_LETTER_QUEUE = 'dxhub.requests.dlq';
/** Topic exchange of everything the hub sends back: `<exchangeId>.<event>`. */
export const AMQP_RESULTS_EXCHANGE = 'dxhub.results';

/** What the hub publishes to an exchange, the routing key's second half. */
export const AMQP_REPLY_EVENTS = ['request.accepted', 'request.rejected', 'verification.completed', 'verification.failed'] as const;
export type AmqpReplyEvent = (typeof AMQP_REPLY_EVENTS)[number];

export function amqpRoutingKey(exchangeId: string, event: AmqpReplyEvent): string {
  return `${exchangeId}.${event}`;
}

/**
 * The durable queue the hub keeps for each mapped exchange, bound to `<exchangeId>.#` (exchange ids are
 * slugs without dots, so the binding takes exactly that exchange's messages). Its RabbitMQ user may read it
 * and nothing else.
 */
export function amqpReplyQueue(exchangeId: string): string {
  return `${AMQP_RESULTS_EXCHANGE}.${exchangeId}`;
}

export function amqpReplyBinding(exchangeId: string): string {
  return `${exchangeId}.#`;
}

/** Headers on a dead-lettered message: why it was refused (a code below) and the human-readable detail. */
export const AMQP_DLQ_HEADERS = { reason: 'x-dxhub-reason', detail: 'x-dxhub-detail', exchangeId: 'x-dxhub-exchange-id', deadLetteredAt: 'x-dxhub-dead-lettered-at' } as const;

/** Why a request went to the dead-letter queue. */
export const AMQP_REJECTION_REASONS = ['missing-user-id', 'unknown-user', 'missing-idempotency-key', 'invalid-content-type', 'invalid-json', 'invalid-request', 'idempotency-conflict'] as const;
export type AmqpRejectionReason = (typeof AMQP_REJECTION_REASONS)[number];
