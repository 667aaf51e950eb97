import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OUTBOX_CHANNEL, OUTBOX_TOPICS, type DeliveryChannel, type DeliveryStatus, type DeliveryType } from '@dxhub/contracts';
import { preparedQuery } from '../prepared-query';
import { prefixedVerificationColumns, verificationOf, VerificationRow } from './verification-row';
import { opaqueArray, SqlParams } from '../sql-params';
import { Coalescer } from '@dxhub/platform';
import { AUDIT_COLUMNS, auditColumnsOf, AuditRow, auditUnnest, auditValues } from './audit-row';
import { deliveryOutboxInsert, NOTIFY_RELAY } from './outbox-rows';

/** A delivery as the repositories return it. */
export interface DeliveryRow {
  id: string;
  /** The verification whose end is delivered; null for a batch's delivery. */
  verificationId: string | null;
  /** The batch whose completion is delivered (`batch.completed`); null for a verification's. */
  batchId: string | null;
  exchangeId: string;
  type: DeliveryType;
  /** webhook | amqp */
  channel: DeliveryChannel;
  status: DeliveryStatus;
  attempts: number;
  createdAt: Date;
  updatedAt: Date;
  deliveredAt: Date | null;
  lastError: string | null;
  lastHttpStatus: number | null;
}

/** A delivery with where it goes: the exchange's webhook as configured now (the secret still encrypted). */
export interface DeliveryToSend extends DeliveryRow {
  webhookUrl: string | null;
  webhookSecretEnc: string | null;
  /** The verification's idempotency key: an AMQP result's correlation_id (the request's message_id). */
  idempotencyKey: string | null;
  /** The verification it delivers, read in the same statement (null for a batch's delivery). */
  verification: VerificationRow | null;
}

export interface DeliveryAttemptEnd {
  deliveryId: string;
  attemptNo: number;
  /** null when no HTTP answer came (timeout, connection refused). */
  httpStatus: number | null;
  error: string | null;
  /** delivered: a 2xx; retry: another attempt follows; failed: the retry schedule ran out. */
  outcome: 'delivered' | 'retry' | 'failed';
  audit: AuditRow;
  /**
   * On a retry outcome, queue the next attempt through the outbox, `delayMs` from now. For an attempt made
   * outside a delivery job (the broker sends a result's webhook right after the transition): no job exists
   * yet to retry it. The job carries this attempt's number, so its backoff continues the schedule from there.
   */
  retryThroughOutbox?: { delayMs: number; correlationId: string | null };
}

export interface FailedDeliveryFilter {
  exchangeId?: string;
  service?: string;
  source?: string;
  /** Failed at or after / before (the delivery's last change). */
  since?: Date;
  until?: Date;
  /** Keyset cursor: deliveries with a smaller id (older). */
  afterId?: string;
  limit: number;
}

export interface FailedDelivery extends DeliveryRow {
  service: string;
  source: string;
}

/** A delivery's columns of the table (or CTE) aliased `d`. */
export const DELIVERY_COLUMNS = `d.id, d.verification_id AS "verificationId", d.batch_id AS "batchId", d.exchange_id AS "exchangeId", d.type, d.channel, d.status, d.attempts,
  d.created_at AS "createdAt", d.updated_at AS "updatedAt", d.delivered_at AS "deliveredAt", d.last_error AS "lastError",
  d.last_http_status AS "lastHttpStatus"`;

/** A row of DELIVERY_COLUMNS, the exchange's webhook and the verification's `prefixedVerificationColumns`, as a DeliveryToSend. */
export function deliveryToSendOf(row: Record<string, unknown>): DeliveryToSend {
  const delivery = Object.fromEntries(Object.entries(row).filter(([key]) => !key.startsWith('v.')));
  return { ...delivery, verification: verificationOf(row) } as DeliveryToSend;
}

/**
 * How long a delivery's end waits for company while ends overlap (Coalescer's lingerMs). The webhook has been
 * sent by then, so nobody waits for this statement but the job that sent it: the open loop at 150/s kept its
 * CPU and its p99 fell in each of four interleaved pairs of runs (129, 128, 177, 159 ms against 166, 225, 209,
 * 176 ms without), fewer statements competing with the verifications' own (docs/scaling.md).
 */
const DELIVERY_END_LINGER_MS = 20;

/**
 * Webhook deliveries and their attempts. Each step is one statement: attempt row, delivery and audit event together;
 * the hot ones (load, start, end) coalesced across concurrent jobs.
 */
@Injectable()
export class DeliveryRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Coalesced with the other delivery jobs' loads into one statement (see Coalescer). */
  findToSend(id: string): Promise<DeliveryToSend | null> {
    return this.loads.call(id);
  }

  private readonly loads = new Coalescer<string, DeliveryToSend | null>(
    async (ids) => {
      const rows = await preparedQuery(
        this.dataSource,
        `SELECT ${DELIVERY_COLUMNS}, e.webhook_url AS "webhookUrl", e.webhook_secret_enc AS "webhookSecretEnc", v.idempotency_key AS "idempotencyKey",
                ${prefixedVerificationColumns('v')}
         FROM deliveries d JOIN exchanges e ON e.id = d.exchange_id LEFT JOIN verifications v ON v.id = d.verification_id
         WHERE d.id = ANY(${opaqueArray('$1', 'text')})`,
        [ids],
      );
      const byId = new Map(rows.map((row: Record<string, unknown>) => [row.id, deliveryToSendOf(row)]));
      return ids.map((id) => byId.get(id) ?? null);
    },
    (id) => id,
  );

  /**
   * Counts one more attempt of a pending delivery and records its start. Null when it is no longer pending.
   * Coalesced into one statement with concurrent starts.
   */
  startAttempt(id: string): Promise<number | null> {
    return this.starts.call(id);
  }

  private readonly starts = new Coalescer<string, number | null>(
    async (ids) => {
      const rows = await preparedQuery<{ id: string; attemptNo: number }>(this.dataSource,
        `WITH d AS (
           UPDATE deliveries SET attempts = attempts + 1, updated_at = now()
           WHERE id = ANY(${opaqueArray('$1', 'text')}) AND status = 'pending' RETURNING id, attempts
         )
         INSERT INTO delivery_attempts (delivery_id, attempt_no, started_at) SELECT id, attempts, now() FROM d
         RETURNING delivery_id AS id, attempt_no AS "attemptNo"`,
        [ids],
      );
      const attempts = new Map(rows.map((row) => [row.id, row.attemptNo]));
      return ids.map((id) => attempts.get(id) ?? null);
    },
    (id) => id,
  );

  /**
   * Ends an attempt: its row, the delivery's status and last answer, and its delivery.attempt audit event.
   * Coalesced into one statement with concurrent ends.
   */
  endAttempt(end: DeliveryAttemptEnd): Promise<void> {
    return this.ends.call(end);
  }

  private readonly ends = new Coalescer<DeliveryAttemptEnd, void>(
    async (items) => {
      const p = new SqlParams();
      const column = <T>(pick: (end: DeliveryAttemptEnd) => T) => p.add(items.map(pick));
      const retryDelay = (e: DeliveryAttemptEnd) => (e.outcome === 'retry' ? (e.retryThroughOutbox?.delayMs ?? null) : null);
      await preparedQuery(this.dataSource,
        `WITH i AS (
           SELECT * FROM unnest(${p.array(items.map((e) => e.deliveryId), 'text')}, ${column((e) => e.attemptNo)}::int[], ${column((e) => e.httpStatus)}::int[],
                                ${column((e) => e.error)}::text[], ${column((e) => (e.outcome === 'retry' ? 'pending' : e.outcome))}::text[],
                                ${column(retryDelay)}::int[], ${column((e) => e.retryThroughOutbox?.correlationId ?? null)}::text[])
             AS i (delivery_id, attempt_no, http_status, error, status, retry_delay, correlation_id)
         ), attempt AS (
           UPDATE delivery_attempts a SET finished_at = now(), http_status = i.http_status, error = i.error
           FROM i WHERE a.delivery_id = i.delivery_id AND a.attempt_no = i.attempt_no
         ), d AS (
           UPDATE deliveries d SET status = i.status, updated_at = now(), last_http_status = i.http_status, last_error = i.error,
             delivered_at = CASE WHEN i.status = 'delivered' THEN now() END
           FROM i WHERE d.id = i.delivery_id AND d.status = 'pending'
           RETURNING d.id
         ), retry AS (
           INSERT INTO outbox (topic, payload)
           SELECT ${p.add(OUTBOX_TOPICS.deliverySend)},
                  jsonb_build_object('deliveryId', i.delivery_id, 'correlationId', i.correlation_id, 'delayMs', i.retry_delay, 'priorAttempts', i.attempt_no)
           FROM i JOIN d ON d.id = i.delivery_id WHERE i.retry_delay IS NOT NULL
           RETURNING id
         ), audit AS (
           INSERT INTO audit_events (${AUDIT_COLUMNS})
           SELECT ${auditColumnsOf()} FROM ${auditUnnest(p, items.map((end) => ({ owner: end.deliveryId, row: end.audit })))}
         )
         SELECT count(pg_notify('${OUTBOX_CHANNEL}', '')) FROM retry`,
        p.values,
      );
      return items.map(() => undefined);
    },
    (end) => end.deliveryId,
    { lingerMs: DELIVERY_END_LINGER_MS },
  );

  /** Gives up on a pending delivery that cannot be attempted (its exchange no longer has a webhook). */
  async failWithoutAttempt(id: string, error: string): Promise<boolean> {
    const [rows] = await this.dataSource.query(
      `UPDATE deliveries SET status = 'failed', last_error = $2, updated_at = now() WHERE id = $1 AND status = 'pending' RETURNING id`,
      [id, error],
    );
    return rows.length > 0; // TypeORM answers an UPDATE with [rows, count]
  }

  /** Failed deliveries, newest first, for the operators' failed-transfers view; one extra row tells whether there is more. */
  async listFailedDeliveries(filter: FailedDeliveryFilter): Promise<{ rows: FailedDelivery[]; hasMore: boolean }> {
    const p = new SqlParams();
    const where = [`d.status = 'failed'`];
    if (filter.exchangeId) where.push(`d.exchange_id = ${p.add(filter.exchangeId)}`);
    if (filter.service) where.push(`v.service = ${p.add(filter.service)}`);
    if (filter.source) where.push(`v.source = ${p.add(filter.source)}`);
    if (filter.since) where.push(`d.updated_at >= ${p.add(filter.since)}`);
    if (filter.until) where.push(`d.updated_at < ${p.add(filter.until)}`);
    if (filter.afterId) where.push(`d.id < ${p.add(filter.afterId)}`);
    const rows: FailedDelivery[] = await this.dataSource.query(
      `SELECT ${DELIVERY_COLUMNS}, v.service, v.source FROM deliveries d LEFT JOIN verifications v ON v.id = d.verification_id
       WHERE ${where.join(' AND ')} ORDER BY d.id DESC LIMIT ${p.add(filter.limit + 1)}`,
      p.values,
    );
    return { rows: rows.slice(0, filter.limit), hasMore: rows.length > filter.limit };
  }

  /**
   * An operator's re-drive of a failed delivery: pending again, with a fresh job through the outbox and the
   * operator's audit event, in one statement. It gets one more attempt now (its retry schedule is spent).
   */
  async redriveFailed(id: string, audit: AuditRow): Promise<boolean> {
    const p = new SqlParams();
    const rows = await this.dataSource.query(
      `WITH d AS (
         UPDATE deliveries SET status = 'pending', updated_at = now() WHERE id = ${p.add(id)} AND status = 'failed'
         RETURNING id, attempts, verification_id, batch_id
       ), job AS (
         ${deliveryOutboxInsert(p, 'd.attempts')}
       ), audit AS (
         INSERT INTO audit_events (${AUDIT_COLUMNS}) SELECT a.* FROM (VALUES ${auditValues(p, [audit])}) a, d
       )
       SELECT id FROM d ${NOTIFY_RELAY}`,
      p.values,
    );
    return rows.length > 0;
  }

  async findById(id: string): Promise<DeliveryRow | null> {
    const rows = await this.dataSource.query(`SELECT ${DELIVERY_COLUMNS} FROM deliveries d WHERE d.id = $1`, [id]);
    return rows[0] ?? null;
  }

  /**
   * Pending deliveries untouched for at least `idleMs`: the reconciler checks each still has a job. A delivery
   * whose latest attempt started less than `sendingMs` ago and has not ended is being sent (the broker's own
   * first attempt has no job), so it is left out; one that a crash left unfinished comes back after that.
   */
  async idlePending(idleMs: number, limit: number, sendingMs = 0): Promise<{ id: string; attempts: number; verificationId: string | null; updatedAtMicros: string }[]> {
    return this.dataSource.query(
      `SELECT id, attempts, verification_id AS "verificationId", (extract(epoch FROM updated_at) * 1000000)::bigint::text AS "updatedAtMicros"
       FROM deliveries d WHERE status = 'pending' AND updated_at < now() - make_interval(secs => $1::float / 1000)
         AND NOT EXISTS (SELECT 1 FROM delivery_attempts a WHERE a.delivery_id = d.id AND a.attempt_no = d.attempts
                           AND a.finished_at IS NULL AND a.started_at > now() - make_interval(secs => $3::float / 1000))
       ORDER BY updated_at LIMIT $2`,
      [idleMs, limit, sendingMs],
    );
  }

  /**
   * Re-enqueues a pending delivery whose job is gone, with a job id of its own (guarded on the state read, so
   * only one reconciliation re-enqueues it).
   */
  async requeuePending(id: string, updatedAtMicros: string, audit: AuditRow): Promise<boolean> {
    const p = new SqlParams();
    const rows = await this.dataSource.query(
      `WITH d AS (
         UPDATE deliveries SET updated_at = now()
         WHERE id = ${p.add(id)} AND status = 'pending'
           AND (extract(epoch FROM updated_at) * 1000000)::bigint = ${p.add(updatedAtMicros)}::bigint
         RETURNING id, verification_id, batch_id
       ), job AS (
         ${deliveryOutboxInsert(p, `${p.add(`k${updatedAtMicros}`)}::text`)}
       ), audit AS (
         INSERT INTO audit_events (${AUDIT_COLUMNS}) SELECT a.* FROM (VALUES ${auditValues(p, [audit])}) a, d
       )
       SELECT id FROM d ${NOTIFY_RELAY}`,
      p.values,
    );
    return rows.length > 0;
  }
}
