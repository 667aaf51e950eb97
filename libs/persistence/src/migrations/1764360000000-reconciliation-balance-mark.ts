import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each reconciliation run records how far the received = stored balance was checked (`balanced_to`, a
 * verification-id mark), so the next run checks only the verifications created since. Before, every run
 * counted the whole journal and every verification of every exchange: 590 ms of PostgreSQL at 30,000
 * verifications, once a minute, growing with the tables without end.
 */
export class ReconciliationBalanceMark1764360000000 implements MigrationInterface {
  name = 'ReconciliationBalanceMark1764360000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE reconciliation_runs ADD COLUMN balanced_to text`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE reconciliation_runs DROP COLUMN balanced_to`);
  }
}
