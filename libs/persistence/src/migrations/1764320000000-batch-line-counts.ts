import { MigrationInterface, QueryRunner } from 'typeorm';

/** The statement of `batch_line_counts_add()`: the inserted lines, counted per batch and status. */
export const COUNT_ADDED_LINES = `
        INSERT INTO batch_line_counts AS c (batch_id, status, n)
          SELECT batch_id, status, count(*) FROM new_lines WHERE batch_id IS NOT NULL
          GROUP BY batch_id, status ORDER BY batch_id, status
        ON CONFLICT (batch_id, status) DO UPDATE SET n = c.n + EXCLUDED.n;`;

/** The statement of `batch_line_counts_move()`: each line whose status changed leaves one count for another. */
export const COUNT_MOVED_LINES = `
        INSERT INTO batch_line_counts AS c (batch_id, status, n)
          SELECT batch_id, status, sum(delta) FROM (
            SELECT o.batch_id, o.status, -1 AS delta FROM old_lines o JOIN new_lines n ON n.id = o.id
            WHERE o.batch_id IS NOT NULL AND o.status <> n.status
            UNION ALL
            SELECT n.batch_id, n.status, 1 FROM old_lines o JOIN new_lines n ON n.id = o.id
            WHERE n.batch_id IS NOT NULL AND o.status <> n.status
          ) moves
          GROUP BY batch_id, status ORDER BY batch_id, status
        ON CONFLICT (batch_id, status) DO UPDATE SET n = c.n + EXCLUDED.n;`;

/**
 * A batch's lines by status, kept as they move: `GET /v1/batches/{id}` reads a handful of rows instead of
 * counting the batch (a count of 100,000 lines read every row version: half a second of PostgreSQL per poll).
 * Statement-level triggers with transition tables apply one aggregated change per statement, whichever code
 * path moved the lines (workers, operators, the reconciler, intake), so no write path can forget it. Count
 * rows are updated in (batch, status) order, so concurrent statements never deadlock on them.
 */
export class BatchLineCounts1764320000000 implements MigrationInterface {
  name = 'BatchLineCounts1764320000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE batch_line_counts (
        batch_id text NOT NULL REFERENCES batches(id),
        status text NOT NULL,
        n int NOT NULL,
        PRIMARY KEY (batch_id, status)
      );
      INSERT INTO batch_line_counts (batch_id, status, n)
        SELECT batch_id, status, count(*) FROM verifications WHERE batch_id IS NOT NULL GROUP BY batch_id, status;

      CREATE FUNCTION batch_line_counts_add() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
${COUNT_ADDED_LINES}
        RETURN NULL;
      END $$;

      CREATE FUNCTION batch_line_counts_move() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
${COUNT_MOVED_LINES}
        RETURN NULL;
      END $$;

      CREATE TRIGGER verifications_batch_counts_insert AFTER INSERT ON verifications
        REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION batch_line_counts_add();
      CREATE TRIGGER verifications_batch_counts_update AFTER UPDATE ON verifications
        REFERENCING OLD TABLE AS old_lines NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION batch_line_counts_move();
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TRIGGER verifications_batch_counts_update ON verifications;
      DROP TRIGGER verifications_batch_counts_insert ON verifications;
      DROP FUNCTION batch_line_counts_move(), batch_line_counts_add();
      DROP TABLE batch_line_counts;
    `);
  }
}
