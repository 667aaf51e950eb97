import { Logger } from '@nestjs/common';
import { Client, escapeLiteral, QueryResult } from 'pg';
import { DataSource } from 'typeorm';
import { OUTBOX_CHANNEL } from '@dxhub/contracts';
import { OutboxRow, poolOf } from '@dxhub/persistence';
import { jobsForOutboxRows, RELAYED_TOPICS } from './outbox-dispatch';
import { QueueRegistry } from './queue-registry';

const BATCH_SIZE = 500;
const POLL_INTERVAL_MS = 1000;
const CLAIM = `BEGIN; SET LOCAL enable_bitmapscan = off;
  SELECT id, topic, payload FROM outbox WHERE dispatched_at IS NULL AND topic IN (${RELAYED_TOPICS.map(escapeLiteral).join(', ')})
    AND (relay_after IS NULL OR relay_after <= now())
  ORDER BY id LIMIT ${BATCH_SIZE} FOR UPDATE SKIP LOCKED`;

/** An outbox id (bigserial, as text) checked to be digits only, so it can be written into a statement. */
function integerId(id: string | number): string {
  const text = String(id);
  if (!/^\d+$/.test(text)) throw new Error(`not an outbox id: ${text}`);
  return text;
}

/** The session advisory lock (per database) that makes one relay the one that listens. */
const LEADER_LOCK = 'dxhub.outbox-relay';

/**
 * Moves committed outbox rows to their BullMQ queues (Guaranteed Delivery). Woken at once by the NOTIFY of
 * the statements that write them, and polls as a safety net. Rows whose writer adds their jobs itself (the
 * gateway's intakes: OutboxPublisher) carry a `relay_after`: the relay takes them only if they are still
 * there after it, when that add failed. Rows are claimed with SKIP LOCKED so several brokers can
 * relay side by side; a crash after the add but before the mark re-adds the same job ids: no duplicates.
 *
 * With several brokers, one relay leads: it holds a session advisory lock on its listening connection,
 * listens and drains; the others stand by (their brokers still work every queue) and try for the lock at each
 * poll, so when the leader's process or connection goes, another takes over within a second. One relay keeps
 * up with any load (it claims 500 rows a statement); every relay answering every NOTIFY cost two claim
 * transactions per verification for nothing. A relay whose listening connection failed drains on its polls.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private listener?: Client;
  private timer?: NodeJS.Timeout;
  private running = false;
  private wakeAgain = false;
  private stopped = false;
  private leading = false;
  private listenerBroken = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: QueueRegistry,
    private readonly databaseUrl: string,
  ) {}

  async start(): Promise<void> {
    this.listener = new Client({ connectionString: this.databaseUrl });
    this.listener.on('error', (error) => this.listenerFailed(error));
    await this.listener.connect();
    this.listener.on('notification', () => this.wake());
    await this.tryToLead();
    this.timer = setInterval(() => void this.poll(), POLL_INTERVAL_MS);
  }

  /** Whether this relay is the one that listens and drains (see the class comment). */
  get isLeading(): boolean {
    return this.leading;
  }

  private async poll(): Promise<void> {
    if (this.leading || this.listenerBroken) this.wake();
    else await this.tryToLead();
  }

  private async tryToLead(): Promise<void> {
    try {
      const { rows } = await this.listener!.query('SELECT pg_try_advisory_lock(hashtext($1)) AS led', [LEADER_LOCK]);
      if (!rows[0].led || this.stopped) return;
      await this.listener!.query(`LISTEN ${OUTBOX_CHANNEL}`);
      this.leading = true;
      this.logger.log('leading the outbox relay (listening for new rows)');
      this.wake();
    } catch (error) {
      this.listenerFailed(error as Error);
    }
  }

  private listenerFailed(error: Error): void {
    if (this.stopped) return;
    this.leading = false;
    this.listenerBroken = true;
    this.logger.warn(`outbox listener: ${error.message}; this relay now drains on its polls`);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.listener?.end().catch(() => undefined);
    while (this.running) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  /** Drains now, or right after the drain in progress (notifications arriving mid-drain are not lost). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.wakeAgain = true;
      return;
    }
    this.running = true;
    void this.drain()
      .catch((error) => this.logger.error({ err: error }, 'outbox relay failed; will retry'))
      .finally(() => {
        this.running = false;
        if (this.wakeAgain) {
          this.wakeAgain = false;
          this.wake();
        }
      });
  }

  /** Relays until the outbox is empty; returns how many rows moved. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const moved = await this.relayBatch();
      total += moved;
      if (moved < BATCH_SIZE || this.stopped) return total;
    }
  }

  /**
   * Claims a batch, adds its jobs, marks it dispatched: one transaction in two round trips to PostgreSQL (simple
   * queries carry several statements; the values inlined are our own constants and the claimed rows' integer
   * ids). Five round trips as separate statements made the drain the longest wait on a verification's way to
   * its worker under load (it runs back to back then). The add happens before the commit: a crash in between
   * leaves the rows claimable, and re-adding the same job ids adds nothing.
   */
  private async relayBatch(): Promise<number> {
    const client = await poolOf(this.dataSource).connect();
    try {
      // A plain index scan, never a bitmap scan: dispatched rows leave dead entries in outbox_pending until
      // VACUUM, and only an index scan marks them dead as it passes (so the next scan skips them). With bitmap
      // scans every claim re-read all of them: 3 ms a claim after 12,000 rows, growing with the load.
      const results = (await client.query(CLAIM)) as unknown as QueryResult<OutboxRow>[];
      const rows = results[results.length - 1].rows;
      if (rows.length) await this.queues.addAll(jobsForOutboxRows(rows));
      await client.query(rows.length ? `UPDATE outbox SET dispatched_at = now() WHERE id IN (${rows.map((r) => integerId(r.id)).join(', ')}); COMMIT` : 'COMMIT');
      client.release();
      return rows.length;
    } catch (error) {
      await client.query('ROLLBACK').then(
        () => client.release(),
        (rollbackError: Error) => client.release(rollbackError),
      );
      throw error;
    }
  }

}
