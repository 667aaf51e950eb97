import { MigrationInterface, QueryRunner } from 'typeorm';

/** Webhook deliveries of results to exchanges, and each try (a failed delivery is a failed transfer too). */
export class Deliveries1764220000000 implements MigrationInterface {
  name = 'Deliveries1764220000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE deliveries (
        id text PRIMARY KEY,
        verification_id text NOT NULL REFERENCES verifications(id),
        exchange_id text NOT NULL REFERENCES exchanges(id),
        type text NOT NULL CHECK (type IN ('verification.completed', 'verification.failed')),
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts int NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz,
        last_error text,
        last_http_status int
      );
      CREATE INDEX deliveries_verification ON deliveries (verification_id);
      CREATE INDEX deliveries_failed ON deliveries (id DESC) WHERE status = 'failed';
      CREATE TABLE delivery_attempts (
        id bigserial PRIMARY KEY,
        delivery_id text NOT NULL REFERENCES deliveries(id),
        attempt_no int NOT NULL,
        started_at timestamptz NOT NULL,
        finished_at timestamptz,
        http_status int,
        error text,
        UNIQUE (delivery_id, attempt_no)
      );
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE delivery_attempts, deliveries');
  }
}
