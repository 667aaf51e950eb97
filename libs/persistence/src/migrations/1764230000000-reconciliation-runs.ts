import { MigrationInterface, QueryRunner } from 'typeorm';

/** The reconciler's runs: what each checked, found and did. */
export class ReconciliationRuns1764230000000 implements MigrationInterface {
  name = 'ReconciliationRuns1764230000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE reconciliation_runs (
        id text PRIMARY KEY,
        status text NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
        trigger text NOT NULL CHECK (trigger IN ('schedule', 'operator')),
        actor text NOT NULL,
        started_at timestamptz,
        finished_at timestamptz,
        checked int NOT NULL DEFAULT 0,
        findings jsonb NOT NULL DEFAULT '[]',
        error text,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX reconciliation_runs_recent ON reconciliation_runs (created_at DESC);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE reconciliation_runs');
  }
}
