// When verifications finished, read from PostgreSQL (created_at / completed_at) rather than by polling each
// one over HTTP: one cheap count per second while waiting, one read at the end, so measuring does not add load.
import pg from 'pg';

const TERMINAL = ['completed', 'failed', 'cancelled'];

export class CompletionReader {
  constructor(databaseUrl) {
    this.db = new pg.Client({ connectionString: databaseUrl });
  }

  connect() {
    return this.db.connect();
  }

  close() {
    return this.db.end();
  }

  /** { done, total } of the phase's verifications (found by their reference). */
  async progress(reference) {
    const { rows } = await this.db.query(
      `SELECT count(*) FILTER (WHERE status = ANY($2))::int AS done, count(*)::int AS total FROM verifications WHERE reference = $1`,
      [reference, TERMINAL],
    );
    return rows[0];
  }

  /**
   * Waits until `expected` verifications of the phase are terminal. Gives up when nothing finished for
   * `stallMs` (a broken hub must not hang the bench) and says so in the result.
   */
  async waitForAll(reference, expected, onProgress = () => {}, stallMs = 60_000) {
    let last = -1;
    let lastChange = Date.now();
    for (;;) {
      const { done } = await this.progress(reference);
      onProgress(done, expected);
      if (done >= expected) return { complete: true, done };
      if (done !== last) {
        last = done;
        lastChange = Date.now();
      } else if (Date.now() - lastChange > stallMs) {
        return { complete: false, done };
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  /** Every verification of the phase: id, status, and created/completed as wall-clock ms. */
  async times(reference) {
    const { rows } = await this.db.query(
      `SELECT id, status, extract(epoch FROM created_at)::float8 * 1000 AS created,
              extract(epoch FROM coalesce(completed_at, CASE WHEN status = ANY($2) THEN updated_at END))::float8 * 1000 AS ended
       FROM verifications WHERE reference = $1`,
      [reference, TERMINAL],
    );
    return rows;
  }

  /** PostgreSQL server pids serving the given database (its backends), for CPU accounting. */
  async backendPids(database) {
    const { rows } = await this.db.query(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [database]);
    return rows.map((r) => r.pid);
  }
}
