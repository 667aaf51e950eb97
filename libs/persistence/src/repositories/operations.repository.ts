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

/** The orders the failed-transfers list offers; each is a keyset order with failure time and id as tie-breakers. */
export const FAILED_TRANSFER_SORTS = ['failedAt', 'exchangeId', 'service', 'errorCode'] as const;
export type FailedTransferSortField = (typeof FAILED_TRANSFER_SORTS)[number];
export interface FailedTransferSort {
  by: FailedTransferSortField;
  direction: 'asc' | 'desc';
}
export const DEFAULT_FAILED_TRANSFER_SORT: FailedTransferSort = { by: 'failedAt', direction: 'desc' };

/** Where a page of failed transfers ends: the last row's sort value (column sorts), failure time (microseconds since the epoch) and id. */
export interface FailedTransferKey {
  failedAtMicros: string;
  id: string;
  /** The value of the sorted column, for sorts other than failedAt. */
  sortValue?: string;
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

// Keyset cursor for failed transfers: "<sort>:<value>~<microseconds>.<id>", base64url. Microseconds, not a JS
// Date, because PostgreSQL keeps them and a millisecond cursor would skip or repeat rows. The sort is part of
// the cursor so that a cursor is only ever used with the order that made it.
const KEY_SHAPE = /^(?:(-?[a-zA-Z]{1,16}):([A-Za-z0-9_.-]{0,64})~)?(\d{1,17})\.([a-z]{1,8}_[0-9A-HJKMNP-TV-Z]{26})$/;

function sortName(sort: FailedTransferSort): string {
  return `${sort.direction === 'desc' ? '-' : ''}${sort.by}`;
}

export function encodeFailedTransferCursor(key: FailedTransferKey, sort: FailedTransferSort = DEFAULT_FAILED_TRANSFER_SORT): string {
  const prefix = sort.by === 'failedAt' ? (sort.direction === 'desc' ? '' : `${sortName(sort)}:~`) : `${sortName(sort)}:${key.sortValue ?? ''}~`;
  return Buffer.from(`${prefix}${key.failedAtMicros}.${key.id}`).toString('base64url');
}

/** The key of a cursor made for this sort; null for anything else (a forged cursor, or one from another order). */
export function decodeFailedTransferCursor(cursor: string, sort: FailedTransferSort = DEFAULT_FAILED_TRANSFER_SORT): FailedTransferKey | null {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = KEY_SHAPE.exec(text);
  if (!match || Buffer.from(text).toString('base64url') !== cursor) return null;
  const [, sorted, value, failedAtMicros, id] = match;
  const defaultSort = sort.by === 'failedAt' && sort.direction === 'desc';
  if (defaultSort ? sorted !== undefined : sorted !== sortName(sort)) return null;
  return sort.by === 'failedAt' ? { failedAtMicros, id } : { failedAtMicros, id, sortValue: value };
}

/** The column of each sort in the failed-transfers union (both branches name them alike). */
const SORT_COLUMN: Record<FailedTransferSortField, string | null> = { failedAt: null, exchangeId: 'exchange_id', service: 'service', errorCode: 'error_code' };

const FAILED_AT_MICROS = `(extract(epoch FROM updated_at) * 1000000)::bigint::text`;
const KEY_TIME = (param: string) => `('epoch'::timestamptz + ${param}::bigint * interval '1 microsecond')`;

/** The operators' reads across exchanges: failed transfers, search, and a verification's timeline. */
@Injectable()
export class OperationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Failed transfers in the asked order (newest failure first by default); one extra row tells whether more follow.
   * Each branch (failed verifications, failed deliveries) is ordered and limited on its own, so each walks its own
   * index (verifications_failed*, deliveries_failed) instead of sorting every failed row on every page.
   */
  async listFailedVerifications(
    filter: FailedTransferFilter,
    after: FailedTransferKey | undefined,
    limit: number,
    sort: FailedTransferSort = DEFAULT_FAILED_TRANSFER_SORT,
  ): Promise<{ rows: FailedVerificationRow[]; hasMore: boolean }> {
    const p = new SqlParams();
    const column = SORT_COLUMN[sort.by];
    const direction = sort.direction === 'asc' ? 'ASC' : 'DESC';
    const keyColumns = [...(column ? [column] : []), 'updated_at', 'id'];
    const where = [...failedFilterClauses(p, filter), 'TRUE'];
    if (after) {
      const keyValues = [...(column ? [p.add(after.sortValue ?? '')] : []), KEY_TIME(p.add(after.failedAtMicros)), p.add(after.id)];
      where.push(`(${keyColumns.join(', ')}) ${direction === 'ASC' ? '>' : '<'} (${keyValues.join(', ')})`);
    }
    const order = keyColumns.map((c) => `${c} ${direction}`).join(', ');
    const take = p.add(limit + 1);
    const branch = (select: string) => `(SELECT * FROM (${select}) b WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ${take})`;
    // Failed deliveries join the list under the same columns: their source is their channel ("webhook" or
    // "amqp", code WEBHOOK_DELIVERY_FAILED or AMQP_DELIVERY_FAILED; a batch's service is "batch"), their error is built
    // from the last answer, and the filters apply to both alike.
    const rows = await this.dataSource.query(
      `SELECT kind, id, verification_id AS "verificationId", exchange_id AS "exchangeId", service, source, reference, error, attempts,
              updated_at AS "failedAt", ${FAILED_AT_MICROS} AS "failedAtMicros", error_code AS "errorCode"
       FROM (
         ${branch(`SELECT 'verification'::text AS kind, id, id AS verification_id, exchange_id, service, source, reference, error,
                          coalesce(error->>'code', '') AS error_code, attempts, updated_at
                   FROM verifications WHERE status = 'failed'`)}
         UNION ALL
         ${branch(`SELECT 'delivery'::text AS kind, d.id, d.verification_id, d.exchange_id, coalesce(v.service, 'batch') AS service, d.channel AS source, v.reference,
                          jsonb_build_object('code', upper(d.channel) || '_DELIVERY_FAILED', 'message', coalesce(d.last_error, 'not delivered'), 'source', d.channel,
                                             'attempts', d.attempts, 'httpStatus', d.last_http_status) AS error,
                          upper(d.channel) || '_DELIVERY_FAILED' AS error_code, d.attempts, d.updated_at
                   FROM deliveries d LEFT JOIN verifications v ON v.id = d.verification_id WHERE d.status = 'failed'`)}
       ) failed
       ORDER BY ${order} LIMIT ${take}`,
      p.values,
    );
    const page = rows
      .slice(0, limit)
      .map(({ failedAtMicros, errorCode, ...row }: FailedVerificationRow & { failedAtMicros: string; errorCode: string }) => {
        const sortValue = sort.by === 'exchangeId' ? row.exchangeId : sort.by === 'service' ? row.service : sort.by === 'errorCode' ? errorCode : undefined;
        return { ...row, key: sortValue === undefined ? { failedAtMicros, id: row.id } : { failedAtMicros, id: row.id, sortValue } };
      });
    return { rows: page, hasMore: rows.length > limit };
  }

  /** A batch of failed verifications matching the filter, in id order after `afterId`: what a bulk re-drive walks. */
  async failedBatch(filter: FailedTransferFilter, afterId: string | null, limit: number): Promise<{ id: string; exchangeId: string; correlationId: string }[]> {
    const p = new SqlParams();
    const where = ["status = 'failed'", ...failedFilterClauses(p, filter, "(error->>'code')")];
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

  /**
   * The overview's numbers, each from one aggregate query over an index (no per-row work in Node): counts by
   * exchange and status (an index-only scan of verifications_exchange_status), the oldest open verification
   * (verifications_open_created), and the last hour of federal calls per source and minute (federal_attempts_started).
   */
  async overview(): Promise<OverviewNumbers> {
    const [counts, [oldest], minutes] = await Promise.all([
      this.dataSource.query(`SELECT exchange_id AS "exchangeId", status, count(*)::int AS count FROM verifications GROUP BY exchange_id, status`),
      this.dataSource.query(
        `SELECT id, status, created_at AS "createdAt" FROM verifications
         WHERE status IN ('queued', 'in_progress', 'awaiting_federal') ORDER BY created_at, id LIMIT 1`,
      ),
      this.dataSource.query(
        // The source by a primary-key look-up per call: a join makes the planner hash the whole verifications table.
        `SELECT (SELECT v.source FROM verifications v WHERE v.id = a.verification_id) AS source,
                (extract(epoch FROM date_trunc('minute', a.started_at)))::bigint * 1000 AS minute,
                count(*)::int AS calls, count(*) FILTER (WHERE a.result IN ('retryable', 'permanent'))::int AS failures
         FROM federal_attempts a
         WHERE a.started_at > now() - interval '1 hour' GROUP BY 1, 2 ORDER BY 2`,
      ),
    ]);
    return {
      counts,
      oldestOpen: oldest ?? null,
      lastHourByMinute: minutes.map((m: { source: string; minute: string; calls: number; failures: number }) => ({ ...m, minute: Number(m.minute) })),
    };
  }
}

export interface OverviewNumbers {
  counts: { exchangeId: string; status: string; count: number }[];
  oldestOpen: { id: string; status: string; createdAt: Date } | null;
  /** Federal calls and failures per source per minute over the last hour; `minute` is its start in epoch milliseconds. */
  lastHourByMinute: { source: string; minute: number; calls: number; failures: number }[];
}

/** `errorCodeColumn`: error_code in the failed-transfers union, the JSON path on the verifications table itself. */
function failedFilterClauses(p: SqlParams, filter: FailedTransferFilter, errorCodeColumn = 'error_code'): string[] {
  const clauses: string[] = [];
  if (filter.exchangeId) clauses.push(`exchange_id = ${p.add(filter.exchangeId)}`);
  if (filter.service) clauses.push(`service = ${p.add(filter.service)}`);
  if (filter.source) clauses.push(`source = ${p.add(filter.source)}`);
  if (filter.errorCode) clauses.push(`${errorCodeColumn} = ${p.add(filter.errorCode)}`);
  if (filter.since) clauses.push(`updated_at >= ${p.add(filter.since)}`);
  if (filter.until) clauses.push(`updated_at < ${p.add(filter.until)}`);
  return clauses;
}
