import { INTAKE_CHUNK_LINES, OUTBOX_CHANNEL, OUTBOX_TOPICS } from '@dxhub/contracts';
import type { SqlParams } from '../sql-params';
import { WRITER_PUBLISHES_FOR } from './outbox-publishing';

// SQL pieces for statements that also queue work through the outbox (one place for each row's shape).

/**
 * `INSERT INTO outbox` of a federal transfer job for every verification row of `from` (a CTE of verifications).
 * Rows of the same source and round, up to INTAKE_CHUNK_LINES of them, name each other (`chunk`,
 * FederalTransferOutboxPayload): they travel as one job.
 * `publishedByWriter`: the writer adds the jobs itself (OutboxPublisher), so the relay leaves the rows alone for
 * a while, and the rows come back as `outbox_id`, `outbox_topic`, `outbox_payload`.
 */
export function federalTransferOutboxInsert(p: SqlParams, from = 'v', publishedByWriter = false): string {
  return `INSERT INTO outbox (topic, payload${publishedByWriter ? ', relay_after' : ''})
         SELECT ${p.add(OUTBOX_TOPICS.federalTransfer)},
                jsonb_build_object('verificationId', id, 'source', source, 'round', round, 'correlationId', correlation_id)
                || CASE WHEN count(*) OVER chunk > 1 THEN jsonb_build_object('chunk', jsonb_agg(id) OVER chunk) ELSE '{}' END
                ${publishedByWriter ? `, now() + ${WRITER_PUBLISHES_FOR}` : ''}
         FROM (SELECT *, (row_number() OVER (PARTITION BY source, round ORDER BY id) - 1) / ${INTAKE_CHUNK_LINES} AS chunk_no FROM ${from}) grouped
         WINDOW chunk AS (PARTITION BY source, round, chunk_no ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
         ${publishedByWriter ? 'RETURNING id::text AS outbox_id, topic AS outbox_topic, payload AS outbox_payload' : ''}`;
}

/** The outbox row beside each verification of an intake whose writer publishes it (federalTransferOutboxInsert). */
export interface PublishedOutboxColumns {
  outboxId: string;
  outboxTopic: string;
  outboxPayload: Record<string, unknown>;
}

export const PUBLISHED_OUTBOX_COLUMNS = 'outbox_id AS "outboxId", outbox_topic AS "outboxTopic", outbox_payload AS "outboxPayload"';

/** The row without the outbox columns that rode beside it. */
export function withoutOutboxColumns<T extends object>(row: T & Partial<PublishedOutboxColumns>): T {
  const { outboxId: _id, outboxTopic: _topic, outboxPayload: _payload, ...rest } = row;
  return rest as T;
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
