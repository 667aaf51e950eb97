import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Batches of verifications (POST /v1/batches): the batch, each verification's batch and line, the broker's
 * dispatch cursor, and `batch.completed` webhook deliveries (a delivery is about a verification or a batch).
 */
export class Batches1764290000000 implements MigrationInterface {
  name = 'Batches1764290000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE batches (
        id text PRIMARY KEY,
        exchange_id text NOT NULL REFERENCES exchanges(id),
        status text NOT NULL CHECK (status IN ('in_progress', 'completed')),
        -- Requests in the batch, and the number of the last line holding one (blank lines are skipped, not renumbered).
        total int NOT NULL DEFAULT 0,
        last_line int NOT NULL DEFAULT 0,
        -- Lines up to dispatched_through have a queue job; the broker's batch dispatcher moves it forward.
        dispatched_through int NOT NULL DEFAULT 0,
        idempotency_key text,
        request_hash text NOT NULL,
        correlation_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz
      );
      CREATE UNIQUE INDEX batches_idempotency ON batches (exchange_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
      CREATE INDEX batches_open ON batches (created_at) WHERE status = 'in_progress';
      ALTER TABLE verifications ADD COLUMN batch_id text REFERENCES batches(id), ADD COLUMN batch_line int;
      -- Results in input order (keyset on the line) and the dispatcher's next lines.
      CREATE UNIQUE INDEX verifications_batch_line ON verifications (batch_id, batch_line) WHERE batch_id IS NOT NULL;
      -- "Is any line of this batch still open?" is one index probe, not a count of the batch.
      CREATE INDEX verifications_batch_open ON verifications (batch_id)
        WHERE batch_id IS NOT NULL AND status IN ('queued', 'in_progress', 'awaiting_federal');
      ALTER TABLE deliveries
        ALTER COLUMN verification_id DROP NOT NULL,
        ADD COLUMN batch_id text REFERENCES batches(id),
        DROP CONSTRAINT deliveries_type_check,
        ADD CONSTRAINT deliveries_type_check CHECK (type IN ('verification.completed', 'verification.failed', 'batch.completed')),
        ADD CONSTRAINT deliveries_subject CHECK ((verification_id IS NULL) <> (batch_id IS NULL));
      CREATE UNIQUE INDEX deliveries_batch ON deliveries (batch_id) WHERE batch_id IS NOT NULL;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DELETE FROM delivery_attempts WHERE delivery_id IN (SELECT id FROM deliveries WHERE batch_id IS NOT NULL);
      DELETE FROM deliveries WHERE batch_id IS NOT NULL;
      ALTER TABLE deliveries
        DROP CONSTRAINT deliveries_subject,
        DROP CONSTRAINT deliveries_type_check,
        ADD CONSTRAINT deliveries_type_check CHECK (type IN ('verification.completed', 'verification.failed')),
        DROP COLUMN batch_id,
        ALTER COLUMN verification_id SET NOT NULL;
      ALTER TABLE verifications DROP COLUMN batch_line, DROP COLUMN batch_id;
      DROP TABLE batches;
    `);
  }
}
