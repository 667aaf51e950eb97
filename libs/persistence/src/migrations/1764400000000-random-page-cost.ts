import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `random_page_cost = 1.1` for the hub's database (PostgreSQL's default, 4, prices a random read as on a
 * spinning disk; on SSDs, and with the working set cached, a random page costs about what a sequential one does).
 *
 * Why here: the hot statements run on generic plans (sql-params.ts, `opaqueArray`), which assume ten rows of
 * input. At the default cost ten index look-ups priced above a sequential scan of a table of a few thousand
 * rows, so a young database's statements scanned whole tables until they grew (bench, closed loop of 10,000:
 * 680,000-740,000 rows read by sequential scans; 180,000-230,000 at 1.1, and 434-496 verifications/s against
 * 393-403). Set on the database, so that an operator can change it (`ALTER DATABASE ... SET`); where the
 * migrating role may not, it says so and goes on.
 */
export class RandomPageCost1764400000000 implements MigrationInterface {
  name = 'RandomPageCost1764400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(setting(`SET random_page_cost = 1.1`));
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(setting(`RESET random_page_cost`));
  }
}

function setting(change: string): string {
  return `
    DO $$ BEGIN
      EXECUTE format('ALTER DATABASE %I ${change}', current_database());
    EXCEPTION WHEN insufficient_privilege THEN
      RAISE NOTICE 'random_page_cost left as it is: this role may not alter the database (set it as its owner)';
    END $$;`;
}
