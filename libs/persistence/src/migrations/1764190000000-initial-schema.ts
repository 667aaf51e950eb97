import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1764190000000 implements MigrationInterface {
  name = 'InitialSchema1764190000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE exchanges (
        id text PRIMARY KEY CHECK (id ~ '^[a-z][a-z0-9-]{1,62}$'),
        name text NOT NULL,
        webhook_url text,
        webhook_secret_enc text,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE credentials (
        id text PRIMARY KEY,
        key_hash text NOT NULL UNIQUE,
        key_prefix text NOT NULL,
        role text NOT NULL CHECK (role IN ('submitter', 'operator', 'auditor', 'admin')),
        exchange_id text REFERENCES exchanges(id),
        label text,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        expires_at timestamptz,
        CHECK ((role = 'submitter') = (exchange_id IS NOT NULL))
      );
      CREATE TABLE verifications (
        id text PRIMARY KEY,
        exchange_id text NOT NULL REFERENCES exchanges(id),
        service text NOT NULL,
        source text NOT NULL,
        status text NOT NULL CHECK (status IN ('queued', 'in_progress', 'awaiting_federal', 'completed', 'failed', 'cancelled')),
        outcome text CHECK (outcome IN ('verified', 'not_verified', 'inconclusive')),
        reference text,
        request_enc text NOT NULL,
        ssn_index text,
        ssn_last4 text,
        result_enc text,
        response_code text,
        error jsonb,
        attempts int NOT NULL DEFAULT 0,
        round int NOT NULL DEFAULT 0,
        idempotency_key text,
        request_hash text NOT NULL,
        correlation_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz
      );
      CREATE UNIQUE INDEX verifications_idempotency ON verifications (exchange_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
      CREATE INDEX verifications_exchange_list ON verifications (exchange_id, id DESC);
      CREATE INDEX verifications_ssn_index ON verifications (ssn_index) WHERE ssn_index IS NOT NULL;
      CREATE INDEX verifications_open ON verifications (status, updated_at) WHERE status NOT IN ('completed', 'cancelled');
      CREATE TABLE federal_attempts (
        id bigserial PRIMARY KEY,
        verification_id text NOT NULL REFERENCES verifications(id),
        attempt_no int NOT NULL,
        message_id uuid NOT NULL UNIQUE,
        started_at timestamptz NOT NULL,
        finished_at timestamptz,
        http_status int,
        response_code text,
        result text CHECK (result IN ('success', 'retryable', 'permanent')),
        error text
      );
      CREATE INDEX federal_attempts_verification ON federal_attempts (verification_id, attempt_no);
      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        topic text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        dispatched_at timestamptz
      );
      CREATE INDEX outbox_pending ON outbox (id) WHERE dispatched_at IS NULL;
      CREATE TABLE audit_events (
        seq bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        kind text NOT NULL,
        exchange_id text,
        verification_id text,
        actor text NOT NULL,
        correlation_id text,
        digest text NOT NULL,
        message_enc text NOT NULL,
        prev_hash text,
        hash text
      );
      CREATE INDEX audit_events_verification ON audit_events (verification_id, seq) WHERE verification_id IS NOT NULL;
      CREATE INDEX audit_events_exchange ON audit_events (exchange_id, seq);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE audit_events, outbox, federal_attempts, verifications, credentials, exchanges');
  }
}
