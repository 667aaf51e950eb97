import { OUTBOX_CHANNEL, OUTBOX_TOPICS } from '@dxhub/contracts';
import { newId } from '../ids';
import { SqlParams } from '../sql-params';

/**
 * The CTEs that create result deliveries with a verification's move to completed or failed, in the same
 * statement as the transition: a pending delivery and its `delivery.send` outbox row per channel that
 * wants it: `webhook` when the exchange has a webhook, `amqp` when the verification came over the message
 * broker (its reply_channel, read from the row as it was: the transition does not change it). They read
 * `v`, the transition's CTE, which must return id, exchange_id and correlation_id. At most one row comes
 * out of `v`, so one id per channel made here is enough.
 */
export function deliveryCtes(p: SqlParams, to: 'completed' | 'failed'): string[] {
  return [
    `delivery AS (
       INSERT INTO deliveries (id, verification_id, exchange_id, type, channel)
       SELECT c.id, v.id, v.exchange_id, ${p.add(`verification.${to}`)}, c.channel
       FROM v JOIN exchanges e ON e.id = v.exchange_id JOIN verifications r ON r.id = v.id
       CROSS JOIN (VALUES (${p.add(newId.delivery())}, 'webhook'), (${p.add(newId.delivery())}, 'amqp')) AS c (id, channel)
       WHERE (c.channel = 'webhook' AND e.webhook_url IS NOT NULL) OR (c.channel = 'amqp' AND r.reply_channel = 'amqp')
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
