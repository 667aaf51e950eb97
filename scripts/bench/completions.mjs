// When verifications finished, read from PostgreSQL (created_at / completed_at) rather than by polling each
// one over HTTP: one cheap count per second while waiting, one read at the end, so measuring does not add load.
import pg from 'pg';

const TERMINAL = ['completed', 'failed', 'cancelled'];

export class CompletionReader {
  constructor(databaseUrl) {
    this.db = new pg.Client({ connectionString: databaseUrl });
    // PostgreSQL restarted, or the database was dropped under the bench: end with what happened, not a stack.
    this.db.on('error', (error) => {
      process.stderr.write(`[bench] lost its database connection (${error.message}): did PostgreSQL restart? Run the bench again.\n`);
      process.exit(1);
    });
  }

  connect() {
    return this.db.connect();
  }

  close() {
    return this.db.end();
  }

  /**
   * How many of the phase's `expected` verifications are terminal. Counts the open ones only (through the
   * verifications_open partial index), so the bench's polling reads the backlog, not every row of the phase.
   */
  async progress(reference, expected) {
    const { rows } = await this.db.query(
      `SELECT count(*)::int AS open FROM verifications WHERE reference = $1 AND status NOT IN ('completed', 'failed', 'cancelled')`,
      [reference],
    );
    return { done: expected - rows[0].open };
  }

  /**
   * Waits until `expected` verifications of the phase are terminal. Gives up when nothing finished for
   * `stallMs` (a broken hub must not hang the bench) and says so in the result.
   */
  async waitForAll(reference, expected, onProgress = () => {}, stallMs = 60_000) {
    let last = -1;
    let lastChange = Date.now();
    for (;;) {
      const { done } = await this.progress(reference, expected);
      onProgress(done, expected);
      if (done >= expected) return { complete: true, done };
      if (done !== last) {
        last = done;
        lastChange = Date.now();
      } else if (Date.now() - lastChange > stallMs) {
        return { complete: false, done };
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }

  /**
   * Every verification of the phase: id, status, created/completed and its first federal attempt's start and
   * end (null without one), as wall-clock ms.
   */
  async times(reference) {
    const { rows } = await this.db.query(
      `SELECT v.id, v.status, extract(epoch FROM v.created_at)::float8 * 1000 AS created,
              extract(epoch FROM coalesce(v.completed_at, CASE WHEN v.status = ANY($2) THEN v.updated_at END))::float8 * 1000 AS ended,
              extract(epoch FROM fa.started_at)::float8 * 1000 AS "callStarted", extract(epoch FROM fa.finished_at)::float8 * 1000 AS "callEnded"
       FROM verifications v
       LEFT JOIN LATERAL (SELECT started_at, finished_at FROM federal_attempts WHERE verification_id = v.id ORDER BY attempt_no LIMIT 1) fa ON true
       WHERE v.reference = $1`,
      [reference, TERMINAL],
    );
    return rows;
  }

  /** Transactions committed in the database so far (each autocommitted statement is one): round trips that write. */
  async committedTransactions(database) {
    const { rows } = await this.db.query(`SELECT xact_commit::float8 AS n FROM pg_stat_database WHERE datname = $1`, [database]);
    return rows[0].n;
  }

  /** PostgreSQL server pids serving the given database (its backends), for CPU accounting. */
  async backendPids(database) {
    const { rows } = await this.db.query(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [database]);
    return rows.map((r) => r.pid);
  }
}
