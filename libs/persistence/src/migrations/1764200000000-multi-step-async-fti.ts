import { MigrationInterface, QueryRunner } from 'typeorm';

/** Multi-step services (previous step), asynchronous answers (polls), and FTI marking (IRS Pub 1075). */
export class MultiStepAsyncFti1764200000000 implements MigrationInterface {
  name = 'MultiStepAsyncFti1764200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE verifications
        ADD COLUMN previous_verification_id text REFERENCES verifications(id),
        ADD COLUMN fti boolean NOT NULL DEFAULT false;
      CREATE INDEX verifications_previous ON verifications (previous_verification_id) WHERE previous_verification_id IS NOT NULL;
      ALTER TABLE federal_attempts ADD COLUMN kind text NOT NULL DEFAULT 'call' CHECK (kind IN ('call', 'poll'));
      ALTER TABLE audit_events ADD COLUMN fti boolean NOT NULL DEFAULT false;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE audit_events DROP COLUMN fti;
      ALTER TABLE federal_attempts DROP COLUMN kind;
      ALTER TABLE verifications DROP COLUMN fti, DROP COLUMN previous_verification_id;
    `);
  }
}
