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
  async query(filter: AuditEventFilter, limit: number): Promise<{ rows: AuditEventView[]; hasMore: boolean }> {
    const p = new SqlParams();
    const where = [`seq > ${p.add(filter.afterSeq ?? '0')}::bigint`];
    if (filter.verificationId) where.push(`verification_id = ${p.add(filter.verificationId)}`);
    if (filter.exchangeId) where.push(`exchange_id = ${p.add(filter.exchangeId)}`);
    if (filter.kind) where.push(`kind = ${p.add(filter.kind)}`);
    if (filter.from) where.push(`at >= ${p.add(filter.from)}`);
    if (filter.to) where.push(`at < ${p.add(filter.to)}`);
    const rows: AuditEventView[] = await this.dataSource.query(
      `SELECT seq::text AS seq, at, kind, exchange_id AS "exchangeId", verification_id AS "verificationId", actor, digest,
              prev_hash AS "prevHash", hash, fti
       FROM audit_events WHERE ${where.join(' AND ')} ORDER BY audit_events.seq LIMIT ${p.add(limit + 1)}`, // the column, not the text alias
      p.values,
    );
    return { rows: rows.slice(0, limit), hasMore: rows.length > limit };
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
