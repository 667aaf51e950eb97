import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BATCH_CHUNK_LINES, BATCH_LINE_DONE_STATUSES, BatchStatus, OUTBOX_CHANNEL, OUTBOX_TOPICS, VERIFICATION_STATUSES } from '@dxhub/contracts';
import { BatchIntakeSession } from './batch-intake.session';
import { VERIFICATION_COLUMNS, VerificationRow } from './verification-row';

export interface BatchRow {
  id: string;
  exchangeId: string;
  status: BatchStatus;
  total: number;
  dispatchedThrough: number;
  requestHash: string;
  correlationId: string;
  createdAt: Date;
  completedAt: Date | null;
}

/** A batch line's verification as the dispatcher enqueues it (ids only: the job is a claim check). */
export interface BatchLineToDispatch {
  id: string;
  source: string;
  round: number;
  correlationId: string;
  line: number;
}

export interface BatchLineRow extends VerificationRow {
  batchLine: number;
}

const BATCH_COLUMNS = `id, exchange_id AS "exchangeId", status, total, dispatched_through AS "dispatchedThrough",
  request_hash AS "requestHash", correlation_id AS "correlationId", created_at AS "createdAt", completed_at AS "completedAt"`;

/**
 * The line statuses that keep a batch open, as a literal list: it must read exactly like the predicate of the
 * partial index verifications_batch_open, so that "is any line still open?" is one index probe.
 */
const OPEN_LINE = `status IN (${VERIFICATION_STATUSES.filter((s) => !BATCH_LINE_DONE_STATUSES.includes(s))
  .map((s) => `'${s}'`)
  .join(', ')})`;

/**
 * Batches: intake (one transaction, see BatchIntakeSession), reads for the exchange, and the broker's two
 * jobs: dispatching lines to the queues in the batch lane, and completing a batch once no line is open.
 */
@Injectable()
export class BatchRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Opens the transaction a batch is stored in. The caller must commit or roll back (which releases it). */
  async openIntake(batchId: string): Promise<BatchIntakeSession> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
    } catch (error) {
      await runner.release();
      throw error;
    }
    return new BatchIntakeSession(runner, batchId);
  }

  async findByIdempotencyKey(exchangeId: string, key: string): Promise<BatchRow | null> {
    const rows = await this.dataSource.query(`SELECT ${BATCH_COLUMNS} FROM batches WHERE exchange_id = $1 AND idempotency_key = $2`, [exchangeId, key]);
    return rows[0] ?? null;
  }

  /** Tenant-scoped read: another exchange's batch does not exist for the caller. */
  async findForExchange(id: string, exchangeId: string): Promise<BatchRow | null> {
    const rows = await this.dataSource.query(`SELECT ${BATCH_COLUMNS} FROM batches WHERE id = $1 AND exchange_id = $2`, [id, exchangeId]);
    return rows[0] ?? null;
  }

  async findById(id: string): Promise<BatchRow | null> {
    const rows = await this.dataSource.query(`SELECT ${BATCH_COLUMNS} FROM batches WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** The batch's lines by verification status (kept by triggers as lines move: a few rows, not a count). */
  async counts(id: string): Promise<Record<string, number>> {
    const rows: { status: string; n: number }[] = await this.dataSource.query(
      `SELECT status, n FROM batch_line_counts WHERE batch_id = $1 AND n > 0 ORDER BY status`,
      [id],
    );
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  /** The lines after `afterLine`, in input order (keyset on the line number: each page is an index range). */
  async linesAfter(id: string, afterLine: number, limit: number): Promise<BatchLineRow[]> {
    return this.dataSource.query(
      `SELECT ${VERIFICATION_COLUMNS}, batch_line AS "batchLine" FROM verifications
       WHERE batch_id = $1 AND batch_line > $2 ORDER BY batch_line LIMIT $3`,
      [id, afterLine, limit],
    );
  }

  /** Batches some of whose lines have no queue job yet, oldest first. */
  async withUndispatchedLines(limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM batches WHERE status = 'in_progress' AND dispatched_through < last_line ORDER BY created_at LIMIT $1`,
      [limit],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Enqueues the next `chunks` chunks of a batch's lines (BATCH_CHUNK_LINES each, aligned on line numbers) and
   * moves its dispatch cursor past them, in one transaction that holds the batch row (SKIP LOCKED: another
   * broker dispatching it is left alone). `enqueue` adds the jobs; a crash after it and before the commit
   * re-adds the same deterministic job ids, which BullMQ ignores. Returns how many lines were dispatched.
   */
  async dispatchNext(id: string, chunks: number, enqueue: (lines: BatchLineToDispatch[]) => Promise<void>): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const [batch]: { dispatchedThrough: number; lastLine: number }[] = await manager.query(
        `SELECT dispatched_through AS "dispatchedThrough", last_line AS "lastLine" FROM batches
         WHERE id = $1 AND status = 'in_progress' AND dispatched_through < last_line FOR UPDATE SKIP LOCKED`,
        [id],
      );
      if (!batch) return 0;
      // Up to a chunk boundary, so that each chunk is dispatched whole and keeps its job id.
      const through = Math.min(batch.lastLine, (Math.floor(batch.dispatchedThrough / BATCH_CHUNK_LINES) + chunks) * BATCH_CHUNK_LINES);
      const lines: BatchLineToDispatch[] = await manager.query(
        `SELECT id, source, round, correlation_id AS "correlationId", batch_line AS line FROM verifications
         WHERE batch_id = $1 AND batch_line > $2 AND batch_line <= $3 ORDER BY batch_line`,
        [id, batch.dispatchedThrough, through],
      );
      if (lines.length) await enqueue(lines);
      await manager.query(`UPDATE batches SET dispatched_through = $2, updated_at = now() WHERE id = $1`, [id, through]);
      return lines.length;
    });
  }

  /** Batches fully dispatched and not yet completed: the completion sweep's candidates. */
  async awaitingCompletion(limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM batches WHERE status = 'in_progress' AND dispatched_through >= last_line ORDER BY created_at LIMIT $1`,
      [limit],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Completes a batch none of whose lines is open any more (one index probe), with its `batch.completed`
   * delivery and that delivery's outbox row when the exchange has a webhook, in one statement. Guarded on
   * `in_progress`: of two brokers sweeping at once, one completes it and the other finds nothing, so the
   * webhook is created exactly once. Returns whether this call completed it.
   */
  async completeIfDone(id: string, deliveryId: string): Promise<boolean> {
    const rows = await this.dataSource.query(
      `WITH b AS (
         UPDATE batches SET status = 'completed', completed_at = now(), updated_at = now()
         WHERE id = $1 AND status = 'in_progress' AND dispatched_through >= last_line
           AND NOT EXISTS (SELECT 1 FROM verifications v WHERE v.batch_id = $1 AND v.${OPEN_LINE})
         RETURNING id, exchange_id, correlation_id
       ), delivery AS (
         INSERT INTO deliveries (id, batch_id, exchange_id, type)
         SELECT $2, b.id, b.exchange_id, 'batch.completed' FROM b JOIN exchanges e ON e.id = b.exchange_id WHERE e.webhook_url IS NOT NULL
         RETURNING id
       ), delivery_outbox AS (
         INSERT INTO outbox (topic, payload)
         SELECT $3, jsonb_build_object('deliveryId', d.id, 'correlationId', b.correlation_id) FROM delivery d, b
       )
       SELECT b.id FROM b CROSS JOIN LATERAL (SELECT count(pg_notify('${OUTBOX_CHANNEL}', '')) FROM delivery) AS notified`,
      [id, deliveryId, OUTBOX_TOPICS.deliverySend],
    );
    return rows.length > 0;
  }
}
