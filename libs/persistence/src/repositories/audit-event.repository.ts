import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SqlParams } from '../sql-params';
import { AUDIT_COLUMNS, AuditRow, auditValues } from './audit-row';

@Injectable()
export class AuditEventRepository {
  constructor(private readonly dataSource: DataSource) {}

  async append(rows: AuditRow[], manager: EntityManager = this.dataSource.manager): Promise<void> {
    if (!rows.length) return;
    const params = new SqlParams();
    await manager.query(`INSERT INTO audit_events (${AUDIT_COLUMNS}) VALUES ${auditValues(params, rows)}`, params.values);
  }

  /** Events in sequence order after `afterSeq`, filtered; `limit + 1` rows are read to tell whether more follow. */
  async query(filter: AuditEventFilter, limit: number, withMessages = false): Promise<{ rows: AuditEventView[]; hasMore: boolean }> {
    const p = new SqlParams();
    const where = [`e.seq > ${p.add(filter.afterSeq ?? '0')}::bigint`];
    if (filter.toSeq) where.push(`e.seq <= ${p.add(filter.toSeq)}::bigint`);
    if (filter.verificationId) where.push(`e.verification_id = ${p.add(filter.verificationId)}`);
    if (filter.exchangeId) where.push(`e.exchange_id = ${p.add(filter.exchangeId)}`);
    if (filter.kind) where.push(`e.kind = ${p.add(filter.kind)}`);
    if (filter.from) where.push(`e.at >= ${p.add(filter.from)}`);
    if (filter.to) where.push(`e.at < ${p.add(filter.to)}`);
    const messages = withMessages ? ', e.message_enc AS "messageEnc", e.meta, e.correlation_id AS "correlationId"' : '';
    // prevHash and hash come from the chain; null for an event written in the last moment and not linked yet.
    const rows = await this.dataSource.query(
      `SELECT e.seq::text AS seq, e.at, e.kind, e.exchange_id AS "exchangeId", e.verification_id AS "verificationId", e.actor, e.digest,
              c.prev_hash AS "prevHash", c.hash, e.fti${messages}
       FROM audit_events e LEFT JOIN audit_chain c ON c.seq = e.seq
       WHERE ${where.join(' AND ')} ORDER BY e.seq LIMIT ${p.add(limit + 1)}`,
      p.values,
    );
    return { rows: rows.slice(0, limit), hasMore: rows.length > limit };
  }

  /** The same, with each event's stored (encrypted) message: for exports and the journal's own timeline. */
  queryWithMessages(filter: AuditEventFilter, limit: number): Promise<{ rows: AuditEventWithMessage[]; hasMore: boolean }> {
    return this.query(filter, limit, true) as Promise<{ rows: AuditEventWithMessage[]; hasMore: boolean }>;
  }
}

export interface AuditEventFilter {
  verificationId?: string;
  exchangeId?: string;
  kind?: string;
  from?: Date;
  to?: Date;
  /** Sequence numbers are bigints: carried as decimal strings. */
  afterSeq?: string;
  toSeq?: string;
}

/** An event as auditors query it: everything but the message itself (stored encrypted). */
export interface AuditEventView {
  seq: string;
  at: Date;
  kind: string;
  exchangeId: string | null;
  verificationId: string | null;
  actor: string;
  digest: string;
  prevHash: string | null;
  hash: string | null;
  fti: boolean;
}

export interface AuditEventWithMessage extends AuditEventView {
  messageEnc: string;
  meta: string | null;
  correlationId: string | null;
}
