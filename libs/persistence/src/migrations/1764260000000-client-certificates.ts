import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The client certificate an exchange's backend must present when the gateway runs mutual TLS: the SHA-256
 * fingerprint of the certificate's DER bytes, lowercase hex. A fingerprint names one certificate exactly,
 * where a subject name could be issued twice.
 */
export class ClientCertificates1764260000000 implements MigrationInterface {
  name = 'ClientCertificates1764260000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE exchanges ADD COLUMN client_cert_sha256 text CHECK (client_cert_sha256 ~ '^[0-9a-f]{64}$')`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE exchanges DROP COLUMN client_cert_sha256');
  }
}
