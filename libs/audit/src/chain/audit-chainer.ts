import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { chainHash, GENESIS_HASH } from '@dxhub/persistence';

/** Only one chainer links at a time, whichever broker holds this transaction-scoped advisory lock. */
const CHAIN_LOCK = 0x6478_6175; // "dxau"

/**
 * Links queued journal events into the hash chain, a batch per transaction: writers never wait for the chain
 * (a trigger queues each new event in audit_pending) and one statement appends thousands of links.
 * Events are linked in the order they were queued by sequence number; one that commits late (a lower seq
 * after higher ones were linked) simply takes the next position: `pos` is the chain's order.
 */
@Injectable()
export class AuditChainer {
  constructor(private readonly db: DataSource) {}

  /** Links up to `limit` queued events; returns how many (0 when none are queued or another chainer is at work). */
  async chainBatch(limit = 5000): Promise<number> {
    return this.db.transaction(async (m) => {
      const [{ locked }] = await m.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [CHAIN_LOCK]);
      if (!locked) return 0;
      // `= ANY(ARRAY(...))` keeps both halves on the primary key whatever the statistics say: `IN (subquery)` was
      // planned as a hash join over a sequential scan of the whole queue, dead rows included (240 ms a batch).
      const queued: { seq: string; seal: string }[] = await m.query(
        `WITH taken AS (DELETE FROM audit_pending WHERE seq = ANY(ARRAY(SELECT seq FROM audit_pending ORDER BY seq LIMIT $1)) RETURNING seq, seal)
         SELECT seq::text AS seq, seal FROM taken`,
        [limit],
      );
      if (!queued.length) return 0;
      queued.sort((a, b) => (BigInt(a.seq) < BigInt(b.seq) ? -1 : 1));
      const [head]: { pos: string; hash: string }[] = await m.query('SELECT pos::text AS pos, hash FROM audit_chain ORDER BY audit_chain.pos DESC LIMIT 1');
      let pos = head ? BigInt(head.pos) : 0n;
      let prev = head?.hash ?? GENESIS_HASH;
      const links = { pos: [] as string[], seq: [] as string[], prev: [] as string[], hash: [] as string[] };
      for (const event of queued) {
        const hash = chainHash(prev, event.seq, event.seal);
        links.pos.push(String(++pos));
        links.seq.push(event.seq);
        links.prev.push(prev);
        links.hash.push(hash);
        prev = hash;
      }
      await m.query(
        `INSERT INTO audit_chain (pos, seq, prev_hash, hash) SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[])`,
        [links.pos, links.seq, links.prev, links.hash],
      );
      return queued.length;
    });
  }

  /** Events written but not linked yet (the chain's lag), for /metrics and the integrity report. */
  async pendingCount(): Promise<number> {
    const [{ count }] = await this.db.query('SELECT count(*)::int AS count FROM audit_pending');
    return count;
  }
}
