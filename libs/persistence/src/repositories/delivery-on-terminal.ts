import { OUTBOX_CHANNEL, OUTBOX_TOPICS } from '@dxhub/contracts';
import { newId } from '../ids';
import { SqlParams } from '../sql-params';

/**
 * The CTEs that create a webhook delivery with a verification's move to completed or failed, in the same
 * statement as the transition: when the exchange has a webhook, a pending delivery and its `delivery.send`
 * outbox row. They read `v`, the transition's CTE, which must return id, exchange_id and correlation_id.
 * At most one row comes out of `v`, so one id made here is enough.
 */
export function deliveryCtes(p: SqlParams, to: 'completed' | 'failed'): string[] {
  return [
    `delivery AS (
       INSERT INTO deliveries (id, verification_id, exchange_id, type)
       SELECT ${p.add(newId.delivery())}, v.id, v.exchange_id, ${p.add(`verification.${to}`)}
       FROM v JOIN exchanges e ON e.id = v.exchange_id WHERE e.webhook_url IS NOT NULL
       RETURNING id
     )`,
    `delivery_outbox AS (
       INSERT INTO outbox (topic, payload)
       SELECT ${p.add(OUTBOX_TOPICS.deliverySend)}, jsonb_build_object('deliveryId', d.id, 'correlationId', v.correlation_id)
       FROM delivery d, v
     )`,
  ];
}

/**
 * Joined to the statement's final SELECT: wakes the relay on commit, only when a delivery was created. The
 * aggregate always yields one row, so the join never drops the transition's row, and is never optimised away.
 */
export const DELIVERY_NOTIFY = ` CROSS JOIN LATERAL (SELECT count(pg_notify('${OUTBOX_CHANNEL}', '')) FROM delivery) AS delivery_notified`;
