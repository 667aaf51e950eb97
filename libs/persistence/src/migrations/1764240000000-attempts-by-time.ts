import { MigrationInterface, QueryRunner } from 'typeorm';

/** The operations overview reads the last hour of federal calls: index them by time. */
export class AttemptsByTime1764240000000 implements MigrationInterface {
  name = 'AttemptsByTime1764240000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('CREATE INDEX federal_attempts_started ON federal_attempts (started_at)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX federal_attempts_started');
  }
}
