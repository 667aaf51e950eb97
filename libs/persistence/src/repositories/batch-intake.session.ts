import type { QueryRunner } from 'typeorm';
import { SqlParams } from '../sql-params';
import { AUDIT_COLUMNS, AuditRow, auditValues } from './audit-row';
import type { NewVerification } from './verification.repository';

/** One line of a batch, ready to store: its verification (PII encrypted) and its verification.received event. */
export interface NewBatchLine {
  line: number;
  verification: NewVerification;
  audit: AuditRow;
}

/** Lines per INSERT: 1,000 lines are about 22,000 parameters, well under PostgreSQL's 65,535. */
export const BATCH_INSERT_CHUNK = 1000;

/**
 * One batch being stored, inside ONE transaction held open while the upload streams in: the batch row first
 * (which also claims its Idempotency-Key), then its lines chunk by chunk, each chunk one statement
 * (verifications and their audit events). `commit` makes all of it visible at once; `rollback` leaves nothing.
 * Lines need no outbox rows: the batch row's dispatch cursor is their Guaranteed Delivery (see BatchRepository).
 */
export class BatchIntakeSession {
  private finished = false;

  constructor(
    private readonly runner: QueryRunner,
    readonly batchId: string,
  ) {}

  /**
   * Inserts the batch row. False when its (exchange, Idempotency-Key) is taken: by a committed batch, or by a
   * concurrent upload this call waited for (the unique index makes it wait for that transaction to end).
   */
  async claim(batch: { exchangeId: string; idempotencyKey: string | null; correlationId: string }): Promise<boolean> {
    const rows = await this.runner.query(
      `INSERT INTO batches (id, exchange_id, status, idempotency_key, request_hash, correlation_id)
       VALUES ($1, $2, 'in_progress', $3, '', $4)
       ON CONFLICT (exchange_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
       RETURNING id`,
      [this.batchId, batch.exchangeId, batch.idempotencyKey, batch.correlationId],
    );
    return rows.length > 0;
  }

  /** Stores a chunk of lines (at most BATCH_INSERT_CHUNK) with their audit events, in one statement. */
  async insertLines(lines: NewBatchLine[]): Promise<void> {
    if (!lines.length) return;
    const p = new SqlParams();
    const values = lines
      .map(({ line, verification: v }) =>
        `(${p.add(v.id)}, ${p.add(v.exchangeId)}, ${p.add(v.service)}, ${p.add(v.source)}, 'queued', ${p.add(v.reference)}, ${p.add(v.requestEnc)}, ` +
        `${p.add(v.ssnIndex)}, ${p.add(v.ssnLast4)}, ${p.add(v.requestHash)}, ${p.add(v.correlationId)}, ${p.add(v.fti ?? false)}::boolean, ` +
        `${p.add(this.batchId)}, ${p.add(line)}::int)`,
      )
      .join(', ');
    await this.runner.query(
      `WITH v AS (
         INSERT INTO verifications (id, exchange_id, service, source, status, reference, request_enc, ssn_index, ssn_last4,
                                    request_hash, correlation_id, fti, batch_id, batch_line)
         VALUES ${values}
       )
       INSERT INTO audit_events (${AUDIT_COLUMNS}) VALUES ${auditValues(p, lines.map((l) => l.audit))}`,
      p.values,
    );
  }

  /** Records the total, the last line and the body's hash, and commits: the batch and every line become visible together. */
  async commit(total: number, lastLine: number, requestHash: string): Promise<void> {
    await this.runner.query(`UPDATE batches SET total = $2, last_line = $3, request_hash = $4 WHERE id = $1`, [this.batchId, total, lastLine, requestHash]);
    await this.runner.commitTransaction();
    await this.end();
  }

  /** Stores nothing of this batch. Safe to call after commit or twice. */
  async rollback(): Promise<void> {
    if (this.finished) return;
    try {
      if (this.runner.isTransactionActive) await this.runner.rollbackTransaction();
    } finally {
      await this.end();
    }
  }

  private async end(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    await this.runner.release();
  }
}
