import { MigrationInterface, QueryRunner } from 'typeorm';

/** Indexes for the operators' lists: failed transfers (newest failure first) and search by reference. */
export class Operations1764210000000 implements MigrationInterface {
  name = 'Operations1764210000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE INDEX verifications_failed ON verifications (updated_at DESC, id DESC) WHERE status = 'failed';
      CREATE INDEX verifications_reference ON verifications (reference) WHERE reference IS NOT NULL;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX verifications_reference, verifications_failed');
  }
}
