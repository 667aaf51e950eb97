import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each reconciliation run records how far the received = stored balance was checked (`balanced_to`, a
 * verification-id mark), so the next run checks only the verifications created since: two index range scans
 * (verifications' primary key, the journal's `audit_events_verification`). Before, every run counted the
 * whole journal and every verification of every exchange: 590 ms of PostgreSQL at 30,000 verifications, once
 * a minute, growing with the tables without end. The partial index that count used (`audit_events_received`)
 * goes: nothing reads it now, and every verification paid for an entry in it.
 */
export class ReconciliationBalanceMark1764360000000 implements MigrationInterface {
  name = 'ReconciliationBalanceMark1764360000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE reconciliation_runs ADD COLUMN balanced_to text;
      DROP INDEX audit_events_received;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE INDEX audit_events_received ON audit_events (exchange_id) WHERE kind = 'verification.received';
      ALTER TABLE reconciliation_runs DROP COLUMN balanced_to;
    `);
  }
}
