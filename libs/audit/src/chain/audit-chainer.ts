import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PoolClient, QueryResult } from 'pg';
import { chainHash, GENESIS_HASH, poolOf } from '@dxhub/persistence';

/** Only one chainer links at a time, whichever broker holds this transaction-scoped advisory lock. */
const CHAIN_LOCK = 0x6478_6175; // "dxau"

const HEX_HASH = /^[0-9a-f]{64}$/;
const DIGITS = /^\d+$/;

/** A value read from the database, checked before it is written into a statement's text. */
function sqlSafe(value: string, shape: RegExp): string {
  if (!shape.test(value)) throw new Error(`refusing to link: unexpected value in the journal (${value.slice(0, 80)})`);
  return value;
}

/**
 * Links queued journal events into the hash chain, a batch per transaction: writers never wait for the chain
 * (a trigger queues each new event in audit_pending) and one statement appends thousands of links.
 * Events are linked in the order they were queued by sequence number; one that commits late (a lower seq
 * after higher ones were linked) simply takes the next position: `pos` is the chain's order.
 */
@Injectable()
export class AuditChainer {
  constructor(private readonly db: DataSource) {}

  /**
   * Links up to `limit` queued events; returns how many (0 when none are queued or another chainer is at work).
   * Three round trips when there is work (begin and lock; take the events and read the chain's head; insert
   * and commit) and two when there is none: the chainer polls every AUDIT_CHAIN_IDLE_MS, and on this
   * project's machines each round trip's wake-ups cost more than the statements (docs/scaling.md).
   */
  async chainBatch(limit = 5000): Promise<number> {
    const client = await poolOf(this.db).connect();
    try {
      const linked = await this.linkIn(client, limit);
      client.release();
      return linked;
    } catch (error) {
      await client.query('ROLLBACK').then(
        () => client.release(),
        (rollbackError: Error) => client.release(rollbackError),
      );
      throw error;
    }
  }

  /** One transaction, ended here (committed) or by chainBatch (rolled back, on an error). */
  private async linkIn(client: PoolClient, limit: number): Promise<number> {
    // The lock first, in a statement of its own: the next statement's snapshot then sees every link committed
    // by the chainer that held it before. Whether anything is queued is only a hint (the next poll links the rest).
    // No bitmap scans: where autovacuum is off nothing vacuums the queue, and a bitmap scan visits the heap for
    // every dead entry each time (the look at the queue took 2.5-7 ms with 85,000 of them), where an index scan
    // marks them dead in the index once and then skips them (0.15-0.5 ms).
    const begun = (await client.query(
      `BEGIN; SET LOCAL enable_bitmapscan = off;
       SELECT pg_try_advisory_xact_lock(${CHAIN_LOCK}) AS locked, EXISTS (SELECT 1 FROM audit_pending) AS queued`,
    )) as unknown as QueryResult<{ locked: boolean; queued: boolean }>[];
    const [{ locked, queued: anyQueued }] = begun[2].rows;
    if (!locked || !anyQueued) return this.commit(client, 0);
    // `= ANY(ARRAY(...))` keeps both halves on the primary key whatever the statistics say: `IN (subquery)` was
    // planned as a hash join over a sequential scan of the whole queue, dead rows included (240 ms a batch).
    // The head is ordered by `audit_chain.pos`, the column: a bare `pos` is the text output, where "9" > "20".
    const { rows } = await client.query<{ seq: string | null; seal: string | null; headPos: string | null; headHash: string | null }>(
      `WITH taken AS (DELETE FROM audit_pending WHERE seq = ANY(ARRAY(SELECT seq FROM audit_pending ORDER BY seq LIMIT $1)) RETURNING seq, seal)
       SELECT seq::text AS seq, seal, NULL AS "headPos", NULL AS "headHash" FROM taken
       UNION ALL (SELECT NULL, NULL, pos::text, hash FROM audit_chain ORDER BY audit_chain.pos DESC LIMIT 1)`,
      [limit],
    );
    const queued = rows.filter((row) => row.seq !== null) as { seq: string; seal: string }[];
    if (!queued.length) return this.commit(client, 0);
    queued.sort((a, b) => (BigInt(a.seq) < BigInt(b.seq) ? -1 : 1));
    const head = rows.find((row) => row.headPos !== null);
    let pos = head ? BigInt(head.headPos!) : 0n;
    let prev = head ? sqlSafe(head.headHash!, HEX_HASH) : GENESIS_HASH;
    const links = { pos: [] as string[], seq: [] as string[], prev: [] as string[], hash: [] as string[] };
    for (const event of queued) {
      const hash = chainHash(prev, event.seq, event.seal);
      links.pos.push(String(++pos));
      links.seq.push(sqlSafe(event.seq, DIGITS));
      links.prev.push(prev);
      links.hash.push(hash);
      prev = hash;
    }
    // Written into the statement (digits and hex only: what came from the database is checked above), so that
    // the insert and the commit are one round trip.
    await client.query(
      `INSERT INTO audit_chain (pos, seq, prev_hash, hash)
       SELECT * FROM unnest('{${links.pos.join(',')}}'::bigint[], '{${links.seq.join(',')}}'::bigint[],
                            '{${links.prev.join(',')}}'::text[], '{${links.hash.join(',')}}'::text[]);
       COMMIT`,
    );
    return queued.length;
  }

  private async commit(client: PoolClient, linked: number): Promise<number> {
    await client.query('COMMIT');
    return linked;
  }

  /** Events written but not linked yet (the chain's lag), for /metrics and the integrity report. */
  async pendingCount(): Promise<number> {
    const [{ count }] = await this.db.query('SELECT count(*)::int AS count FROM audit_pending');
    return count;
  }
}
