import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OUTBOX_TOPICS, ReplayDiff, ReplayScope, ReplayStatus } from '@dxhub/contracts';
import { newId } from '../ids';
import { SqlParams } from '../sql-params';
import { AUDIT_COLUMNS, AuditRow, auditValues } from './audit-row';
import { NOTIFY_RELAY } from './outbox-rows';

/** At most this many differences are kept on a replay's record (the counts are always complete). */
export const MAX_STORED_DIFFS = 500;

export interface ReplayRecord {
  id: string;
  status: ReplayStatus;
  scope: ReplayScope;
  requestedBy: string;
  total: number;
  matched: number;
  mismatched: number;
  skipped: number;
  diffs: ReplayDiff[];
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

/** A recorded federal call: the request event and, when the Hub answered, its response event. */
export interface RecordedCall {
  seq: string;
  verificationId: string | null;
  requestEnc: string;
  requestMeta: string | null;
  responseEnc: string | null;
  responseMeta: string | null;
}

export interface ReplayCounts {
  total: number;
  matched: number;
  mismatched: number;
  skipped: number;
  diffs: ReplayDiff[];
}

const COLUMNS = `id, status, scope, requested_by AS "requestedBy", total, matched, mismatched, skipped, diffs, error,
                 created_at AS "createdAt", finished_at AS "finishedAt"`;

/** Audit replays: requested by auditors (console), run by the broker on a queue of their own. */
@Injectable()
export class AuditReplayRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores the replay queued, with its job's outbox row and the auditor's audit event, in one statement. */
  async request(scope: ReplayScope, requestedBy: string, audit: AuditRow): Promise<string> {
    const id = newId.replay();
    const p = new SqlParams();
    await this.dataSource.query(
      `WITH replay AS (
         INSERT INTO audit_replays (id, status, scope, requested_by) VALUES (${p.add(id)}, 'queued', ${p.add(JSON.stringify(scope))}::jsonb, ${p.add(requestedBy)})
         RETURNING id
       ), job AS (
         INSERT INTO outbox (topic, payload) SELECT ${p.add(OUTBOX_TOPICS.auditReplay)}, jsonb_build_object('replayId', id) FROM replay
       ), audit AS (
         INSERT INTO audit_events (${AUDIT_COLUMNS}) VALUES ${auditValues(p, [audit])}
       )
       SELECT id FROM replay ${NOTIFY_RELAY}`,
      p.values,
    );
    return id;
  }

  async find(id: string): Promise<ReplayRecord | null> {
    const [row] = await this.dataSource.query(`SELECT ${COLUMNS} FROM audit_replays WHERE id = $1`, [id]);
    return row ?? null;
  }

  async recent(limit: number): Promise<ReplayRecord[]> {
    return this.dataSource.query(`SELECT ${COLUMNS} FROM audit_replays ORDER BY created_at DESC, id DESC LIMIT $1`, [limit]);
  }

  /** queued -> running; null when the replay is not queued (already run, or unknown). */
  async start(id: string): Promise<ReplayScope | null> {
    const [row] = await this.dataSource.query(
      `WITH started AS (UPDATE audit_replays SET status = 'running' WHERE id = $1 AND status = 'queued' RETURNING scope) SELECT scope FROM started`,
      [id],
    );
    return row?.scope ?? null;
  }

  async progress(id: string, counts: ReplayCounts): Promise<void> {
    await this.dataSource.query(
      `UPDATE audit_replays SET total = $2, matched = $3, mismatched = $4, skipped = $5, diffs = $6::jsonb WHERE id = $1 AND status = 'running'`,
      [id, counts.total, counts.matched, counts.mismatched, counts.skipped, JSON.stringify(counts.diffs.slice(0, MAX_STORED_DIFFS))],
    );
  }

  async finish(id: string, counts: ReplayCounts): Promise<void> {
    await this.progress(id, counts);
    await this.dataSource.query(`UPDATE audit_replays SET status = 'completed', finished_at = now() WHERE id = $1 AND status = 'running'`, [id]);
  }

  async fail(id: string, error: string): Promise<void> {
    await this.dataSource.query(`UPDATE audit_replays SET status = 'failed', error = $2, finished_at = now() WHERE id = $1 AND status = 'running'`, [id, error]);
  }

  /**
   * The federal requests recorded in the scope's time window after `afterSeq`, in journal order, each with the
   * response that answered it (paired by the messageID both events name).
   */
  async recordedCalls(scope: ReplayScope, afterSeq: string, limit: number): Promise<RecordedCall[]> {
    const p = new SqlParams();
    const where = [
      `q.kind = 'federal.request'`,
      `q.at >= ${p.add(scope.from)}::timestamptz`,
      `q.at < ${p.add(scope.to)}::timestamptz`,
      `q.seq > ${p.add(afterSeq)}::bigint`,
    ];
    if (scope.exchangeId) where.push(`q.exchange_id = ${p.add(scope.exchangeId)}`);
    if (scope.service) where.push(`q.meta::jsonb ->> 'service' = ${p.add(scope.service)}`);
    return this.dataSource.query(
      `SELECT q.seq::text AS seq, q.verification_id AS "verificationId", q.message_enc AS "requestEnc", q.meta AS "requestMeta",
              r.message_enc AS "responseEnc", r.meta AS "responseMeta"
       FROM audit_events q
       LEFT JOIN LATERAL (
         SELECT message_enc, meta FROM audit_events r
         WHERE r.kind = 'federal.response' AND r.verification_id = q.verification_id AND r.seq > q.seq
           AND r.meta::jsonb ->> 'messageId' = q.meta::jsonb ->> 'messageId'
         ORDER BY r.seq LIMIT 1
       ) r ON true
       WHERE ${where.join(' AND ')}
       ORDER BY q.seq LIMIT ${p.add(limit)}`,
      p.values,
    );
  }
}
