import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SqlParams } from '../sql-params';
import { VERIFICATION_COLUMNS, VerificationRow } from './verification-row';

export interface FailedTransferFilter {
  exchangeId?: string;
  service?: string;
  source?: string;
  errorCode?: string;
  since?: Date;
  until?: Date;
}

/** Where a page of failed transfers ends: the last row's failure time (microseconds since the epoch) and id. */
export interface FailedTransferKey {
  failedAtMicros: string;
  id: string;
}

export interface FailedVerificationRow {
  /** A failed verification, or a failed webhook delivery of one (a failed transfer too). */
  kind: 'verification' | 'delivery';
  id: string;
  /** The verification itself, or the one whose result the delivery carried (null for a batch.completed delivery; its service is "batch"). */
  verificationId: string | null;
  exchangeId: string;
  service: string;
  source: string;
  reference: string | null;
  error: Record<string, unknown> | null;
  attempts: number;
  failedAt: Date;
  key: FailedTransferKey;
}

export interface VerificationSearchFilter {
  exchangeId?: string;
  service?: string;
  status?: string;
  reference?: string;
  ssnIndex?: string;
  createdAfter?: Date;
  createdBefore?: Date;
  afterId?: string;
  limit: number;
}

export interface FederalAttemptRow {
  kind: 'call' | 'poll';
  attemptNo: number;
  messageId: string;
  startedAt: Date;
  finishedAt: Date | null;
  httpStatus: number | null;
  responseCode: string | null;
  result: string | null;
  error: string | null;
}

/** An audit event as a timeline shows it: never its message. */
export interface AuditEventSummary {
  seq: string;
  at: Date;
  kind: string;
  actor: string;
}

// Keyset cursor for failed transfers, newest failure first: "<microseconds>.<id>", base64url. Microseconds,
// not a JS Date, because PostgreSQL keeps them and a millisecond cursor would skip or repeat rows.
const KEY_SHAPE = /^(\d{1,17})\.([a-z]{1,8}_[0-9A-HJKMNP-TV-Z]{26})$/;

export function encodeFailedTransferCursor(key: FailedTransferKey): string {
  return Buffer.from(`${key.failedAtMicros}.${key.id}`).toString('base64url');
}

export function decodeFailedTransferCursor(cursor: string): FailedTransferKey | null {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = KEY_SHAPE.exec(text);
  if (!match || Buffer.from(text).toString('base64url') !== cursor) return null;
  return { failedAtMicros: match[1], id: match[2] };
}

const FAILED_AT_MICROS = `(extract(epoch FROM updated_at) * 1000000)::bigint::text`;
const KEY_TIME = (param: string) => `('epoch'::timestamptz + ${param}::bigint * interval '1 microsecond')`;

/** The operators' reads across exchanges: failed transfers, search, and a verification's timeline. */
@Injectable()
export class OperationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Failed verifications, newest failure first (index verifications_failed); one extra row tells whether more follow. */
  async listFailedVerifications(
    filter: FailedTransferFilter,
    after: FailedTransferKey | undefined,
    limit: number,
  ): Promise<{ rows: FailedVerificationRow[]; hasMore: boolean }> {
    const p = new SqlParams();
    const where = [...failedFilterClauses(p, filter), 'TRUE'];
    if (after) where.push(`(updated_at, id) < (${KEY_TIME(p.add(after.failedAtMicros))}, ${p.add(after.id)})`);
    // Failed deliveries join the list under the same columns: their source is their channel ("webhook" or
    // "amqp", code WEBHOOK_DELIVERY_FAILED or AMQP_DELIVERY_FAILED), their error is built
    // from the last answer, and the filters apply to both alike.
    const rows = await this.dataSource.query(
      `SELECT kind, id, verification_id AS "verificationId", exchange_id AS "exchangeId", service, source, reference, error, attempts,
              updated_at AS "failedAt", ${FAILED_AT_MICROS} AS "failedAtMicros"
       FROM (
         SELECT 'verification' AS kind, id, id AS verification_id, exchange_id, service, source, reference, error, attempts, updated_at
         FROM verifications WHERE status = 'failed'
         UNION ALL
         SELECT 'delivery', d.id, d.verification_id, d.exchange_id, coalesce(v.service, 'batch'), d.channel, v.reference,
                jsonb_build_object('code', upper(d.channel) || '_DELIVERY_FAILED', 'message', coalesce(d.last_error, 'not delivered'), 'source', d.channel,
                                   'attempts', d.attempts, 'httpStatus', d.last_http_status),
                d.attempts, d.updated_at
         FROM deliveries d LEFT JOIN verifications v ON v.id = d.verification_id WHERE d.status = 'failed'
       ) failed
       WHERE ${where.join(' AND ')}
       ORDER BY updated_at DESC, id DESC LIMIT ${p.add(limit + 1)}`,
      p.values,
    );
    const page = rows.slice(0, limit).map(({ failedAtMicros, ...row }: FailedVerificationRow & { failedAtMicros: string }) => ({
      ...row,
      key: { failedAtMicros, id: row.id },
    }));
    return { rows: page, hasMore: rows.length > limit };
  }

  /** A batch of failed verifications matching the filter, in id order after `afterId`: what a bulk re-drive walks. */
  async failedBatch(filter: FailedTransferFilter, afterId: string | null, limit: number): Promise<{ id: string; exchangeId: string; correlationId: string }[]> {
    const p = new SqlParams();
    const where = ["status = 'failed'", ...failedFilterClauses(p, filter)];
    if (afterId) where.push(`id > ${p.add(afterId)}`);
    return this.dataSource.query(
      `SELECT id, exchange_id AS "exchangeId", correlation_id AS "correlationId" FROM verifications WHERE ${where.join(' AND ')} ORDER BY id LIMIT ${p.add(limit)}`,
      p.values,
    );
  }

  /** Verifications across exchanges, newest first, keyset on id; one extra row tells whether more follow. */
  async searchVerifications(filter: VerificationSearchFilter): Promise<{ rows: VerificationRow[]; hasMore: boolean }> {
    const p = new SqlParams();
    const where = ['TRUE'];
    if (filter.exchangeId) where.push(`exchange_id = ${p.add(filter.exchangeId)}`);
    if (filter.service) where.push(`service = ${p.add(filter.service)}`);
    if (filter.status) where.push(`status = ${p.add(filter.status)}`);
    if (filter.reference) where.push(`reference = ${p.add(filter.reference)}`);
    if (filter.ssnIndex) where.push(`ssn_index = ${p.add(filter.ssnIndex)}`);
    if (filter.createdAfter) where.push(`created_at > ${p.add(filter.createdAfter)}`);
    if (filter.createdBefore) where.push(`created_at < ${p.add(filter.createdBefore)}`);
    if (filter.afterId) where.push(`id < ${p.add(filter.afterId)}`);
    const rows: VerificationRow[] = await this.dataSource.query(
      `SELECT ${VERIFICATION_COLUMNS} FROM verifications WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT ${p.add(filter.limit + 1)}`,
      p.values,
    );
    return { rows: rows.slice(0, filter.limit), hasMore: rows.length > filter.limit };
  }

  /** Every federal call and poll of a verification, in the order they started. */
  async federalAttempts(verificationId: string): Promise<FederalAttemptRow[]> {
    return this.dataSource.query(
      `SELECT kind, attempt_no AS "attemptNo", message_id AS "messageId", started_at AS "startedAt", finished_at AS "finishedAt",
              http_status AS "httpStatus", response_code AS "responseCode", result, error
       FROM federal_attempts WHERE verification_id = $1 ORDER BY started_at, id`,
      [verificationId],
    );
  }

  /** Every audit event of a verification, without its message (a timeline shows what happened, not the PII). */
  async auditEvents(verificationId: string): Promise<AuditEventSummary[]> {
    return this.dataSource.query(
      `SELECT seq::text AS seq, at, kind, actor FROM audit_events WHERE verification_id = $1 ORDER BY audit_events.seq`,
      [verificationId],
    );
  }

  /** The overview's numbers, each from one aggregate query (indexed; no per-row work in Node). */
  async overview(): Promise<{
    byStatus: Record<string, number>;
    oldestOpenAt: Date | null;
    lastHour: { source: string; calls: number; failures: number }[];
  }> {
    const [statusRows, [oldest], lastHour] = await Promise.all([
      this.dataSource.query(`SELECT status, count(*)::int AS count FROM verifications GROUP BY status`),
      this.dataSource.query(`SELECT min(created_at) AS at FROM verifications WHERE status IN ('queued', 'in_progress', 'awaiting_federal')`),
      this.dataSource.query(
        `SELECT v.source, count(*)::int AS calls, count(*) FILTER (WHERE a.result IN ('retryable', 'permanent'))::int AS failures
         FROM federal_attempts a JOIN verifications v ON v.id = a.verification_id
         WHERE a.started_at > now() - interval '1 hour' GROUP BY v.source`,
      ),
    ]);
    return {
      byStatus: Object.fromEntries(statusRows.map((r: { status: string; count: number }) => [r.status, r.count])),
      oldestOpenAt: oldest?.at ?? null,
      lastHour,
    };
  }
}

function failedFilterClauses(p: SqlParams, filter: FailedTransferFilter): string[] {
  const clauses: string[] = [];
  if (filter.exchangeId) clauses.push(`exchange_id = ${p.add(filter.exchangeId)}`);
  if (filter.service) clauses.push(`service = ${p.add(filter.service)}`);
  if (filter.source) clauses.push(`source = ${p.add(filter.source)}`);
  if (filter.errorCode) clauses.push(`error->>'code' = ${p.add(filter.errorCode)}`);
  if (filter.since) clauses.push(`updated_at >= ${p.add(filter.since)}`);
  if (filter.until) clauses.push(`updated_at < ${p.add(filter.until)}`);
  return clauses;
}
