import { MigrationInterface, QueryRunner } from 'typeorm';
import { CREDENTIALS_CHANNEL } from '../credential-changes';

/**
 * Announces every change to a credential (revocation, rotation's new expiry, deletion) on the
 * `dxhub_credentials` channel, with the key's hash, when the change commits: the processes that cache
 * credentials drop that key at once (libs/security/src/auth/credential-cache.ts).
 */
export class CredentialChanges1764340000000 implements MigrationInterface {
  name = 'CredentialChanges1764340000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION hub_credential_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('${CREDENTIALS_CHANNEL}', OLD.key_hash);
        RETURN NULL;
      END $$;
      CREATE TRIGGER credentials_changed AFTER UPDATE OR DELETE ON credentials FOR EACH ROW EXECUTE FUNCTION hub_credential_changed();
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER credentials_changed ON credentials; DROP FUNCTION hub_credential_changed();`);
  }
}
