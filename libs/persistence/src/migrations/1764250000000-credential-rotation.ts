import { MigrationInterface, QueryRunner } from 'typeorm';

/** A rotated credential names its successor, so administrators can follow a key's lineage. */
export class CredentialRotation1764250000000 implements MigrationInterface {
  name = 'CredentialRotation1764250000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE credentials ADD COLUMN replaced_by text REFERENCES credentials(id)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE credentials DROP COLUMN replaced_by');
  }
}
