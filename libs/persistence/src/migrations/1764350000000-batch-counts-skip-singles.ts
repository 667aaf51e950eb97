import { MigrationInterface, QueryRunner } from 'typeorm';
import { COUNT_ADDED_LINES, COUNT_MOVED_LINES } from './1764320000000-batch-line-counts';

const SKIP_SINGLES = 'IF NOT EXISTS (SELECT 1 FROM new_lines WHERE batch_id IS NOT NULL) THEN RETURN NULL; END IF;';

/** The two count functions, with `first` run before their statement. */
function countFunctions(first: string): string {
  return `
    CREATE OR REPLACE FUNCTION batch_line_counts_add() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN ${first} ${COUNT_ADDED_LINES} RETURN NULL; END $$;
    CREATE OR REPLACE FUNCTION batch_line_counts_move() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN ${first} ${COUNT_MOVED_LINES} RETURN NULL; END $$;`;
}

/**
 * The batch-line count triggers return at once when no written verification is a batch's line (every single
 * request): they ran on every statement that writes verifications, joining, grouping and upserting nothing.
 * Measured with `pg_stat_user_functions` in an open loop at 200/s: 82 -> 40 µs a call for the move, 53 -> 33 µs
 * for the insert.
 */
export class BatchCountsSkipSingles1764350000000 implements MigrationInterface {
  name = 'BatchCountsSkipSingles1764350000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(countFunctions(SKIP_SINGLES));
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(countFunctions(''));
  }
}
