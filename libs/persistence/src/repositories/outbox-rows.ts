import { OUTBOX_CHANNEL, OUTBOX_TOPICS } from '@dxhub/contracts';
import type { SqlParams } from '../sql-params';

// SQL pieces for statements that also queue work through the outbox (one place for each row's shape).

/** `INSERT INTO outbox` of a federal transfer job for every verification row of `from` (a CTE of verifications). */
export function federalTransferOutboxInsert(p: SqlParams, from = 'v'): string {
  return `INSERT INTO outbox (topic, payload)
         SELECT ${p.add(OUTBOX_TOPICS.federalTransfer)},
                jsonb_build_object('verificationId', id, 'source', source, 'round', round, 'correlationId', correlation_id)
         FROM ${from}`;
}

/**
 * `INSERT INTO outbox` of a delivery job for every row of `from` (a CTE of deliveries `d` returning verification_id
 * and batch_id), with its job id suffix. A delivery is about a verification or a batch: the job carries its correlation id.
 */
export function deliveryOutboxInsert(p: SqlParams, redrive: string): string {
  return `INSERT INTO outbox (topic, payload)
         SELECT ${p.add(OUTBOX_TOPICS.deliverySend)}, jsonb_build_object('deliveryId', d.id, 'correlationId', coalesce(v.correlation_id, b.correlation_id), 'redrive', ${redrive})
         FROM d LEFT JOIN verifications v ON v.id = d.verification_id LEFT JOIN batches b ON b.id = d.batch_id`;
}

/** Appended to a statement's final FROM: wakes the outbox relay when the statement commits with rows. */
export const NOTIFY_RELAY = `CROSS JOIN LATERAL (SELECT pg_notify('${OUTBOX_CHANNEL}', '')) AS notified`;
