// Result delivery to exchanges by signed webhooks (CONTRACT: "Result delivery to the exchange").
// Claim Check: the job carries the delivery id and a correlation id; the body is built from Postgres at send time.

export const DELIVERIES_QUEUE = 'deliveries';
/** POST one delivery to its exchange's webhook. */
export const DELIVERY_SEND_JOB = 'delivery-send';

/** A verification's end, or a whole batch's (every line completed, failed or cancelled). */
export const DELIVERY_TYPES = ['verification.completed', 'verification.failed', 'batch.completed'] as const;
export type DeliveryType = (typeof DELIVERY_TYPES)[number];

/** How a result reaches the exchange: a signed POST to its webhook, or a publish to its AMQP reply routing key. */
export const DELIVERY_CHANNELS = ['webhook', 'amqp'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface DeliveryJobData {
  deliveryId: string;
  correlationId: string;
  /** Attempts made before this job (the broker's own first attempt): the job's backoff continues the schedule from there. */
  priorAttempts?: number;
}

/** The outbox row's payload for a delivery (ids only); `redrive` is set when an operator retries a failed one. */
export interface DeliveryOutboxPayload extends DeliveryJobData {
  /** A re-drive's own job id suffix: the attempts so far (operator) or the state seen (reconciler). */
  redrive?: number | string;
  /** Wait this long before the job runs (a retry of an attempt made outside a job). */
  delayMs?: number;
}

/**
 * One job per delivery: a re-relayed outbox row adds nothing; BullMQ's own retries keep the id. An operator's
 * re-drive gets a fresh id (numbered by the attempts made so far, which only grow).
 */
export function deliveryJobId(deliveryId: string, redrive?: number | string): string {
  return redrive === undefined ? deliveryId : `${deliveryId}-r${redrive}`;
}
