import { MigrationInterface, QueryRunner } from 'typeorm';
import { DEV_DEFAULTS, sha256Hex } from '@dxhub/platform';
import { newId } from '../ids';
import { sealOf } from '../journal/journal-seal';

const COLUMNS = 'id, at, kind, exchange_id, verification_id, actor, correlation_id, digest, message_enc, fti, meta, seal';

/**
 * The tamper-evident journal (issue 6):
 * - audit_events is partitioned by month (on `at`) with a DEFAULT partition, so that years of events stay fast
 *   to append and query and retention drops whole months; every row carries the writer's seal (journal-seal.ts).
 * - audit_chain links the events: a trigger queues each new event in audit_pending, and one chainer (in the
 *   broker) appends links in batches, so that the chain never serialises the writers.
 * - audit_checkpoints holds signed chain heads; audit_retention records what retention dropped.
 * - Append-only: triggers refuse UPDATE, DELETE and TRUNCATE on all four, for every role; grants (see
 *   database-roles.ts) keep the processes' role to SELECT and INSERT.
 * Existing events are copied into the new table and sealed with AUDIT_SEAL_KEY (the development key when unset).
 */
export class AuditJournal1764280000000 implements MigrationInterface {
  name = 'AuditJournal1764280000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP INDEX audit_events_verification, audit_events_exchange, audit_events_received;
      ALTER TABLE audit_events RENAME TO audit_events_legacy;
      ALTER TABLE audit_events_legacy RENAME CONSTRAINT audit_events_pkey TO audit_events_legacy_pkey;
      ALTER SEQUENCE audit_events_seq_seq OWNED BY NONE;

      CREATE TABLE audit_events (
        seq bigint NOT NULL DEFAULT nextval('audit_events_seq_seq'),
        id text NOT NULL,
        at timestamptz NOT NULL,
        kind text NOT NULL,
        exchange_id text,
        verification_id text,
        actor text NOT NULL,
        correlation_id text,
        digest text NOT NULL,
        message_enc text NOT NULL,
        fti boolean NOT NULL DEFAULT false,
        meta text,
        seal text NOT NULL,
        PRIMARY KEY (seq, at),
        UNIQUE (id, at)
      ) PARTITION BY RANGE (at);
      ALTER SEQUENCE audit_events_seq_seq OWNED BY audit_events.seq;
      CREATE TABLE audit_events_default PARTITION OF audit_events DEFAULT;
      CREATE INDEX audit_events_verification ON audit_events (verification_id, seq) WHERE verification_id IS NOT NULL;
      CREATE INDEX audit_events_exchange ON audit_events (exchange_id, seq);
      CREATE INDEX audit_events_received ON audit_events (exchange_id) WHERE kind = 'verification.received';

      CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the audit journal is append-only: % on % refused', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$;

      -- Creates the monthly partitions from this month to months_ahead months on (idempotent), each with the
      -- journal's TRUNCATE guard (statement triggers are not inherited by partitions).
      CREATE FUNCTION audit_ensure_partitions(months_ahead integer) RETURNS integer
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      DECLARE
        month date := date_trunc('month', now() AT TIME ZONE 'UTC')::date;
        name text;
        created integer := 0;
      BEGIN
        FOR i IN 0..months_ahead LOOP
          name := format('audit_events_y%sm%s', to_char(month, 'YYYY'), to_char(month, 'MM'));
          IF to_regclass(name) IS NULL THEN
            EXECUTE format('CREATE TABLE %I PARTITION OF audit_events FOR VALUES FROM (%L) TO (%L)',
                           name, month::timestamp AT TIME ZONE 'UTC', (month + interval '1 month')::timestamp AT TIME ZONE 'UTC');
            EXECUTE format('CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()', name);
            created := created + 1;
          END IF;
          month := (month + interval '1 month')::date;
        END LOOP;
        RETURN created;
      END $$;

      CREATE TABLE audit_pending (seq bigint PRIMARY KEY, seal text NOT NULL);
      CREATE FUNCTION audit_queue_for_chain() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO audit_pending (seq, seal) VALUES (NEW.seq, NEW.seal);
        RETURN NULL;
      END $$;

      CREATE TABLE audit_chain (
        pos bigint PRIMARY KEY,
        seq bigint NOT NULL UNIQUE,
        prev_hash text NOT NULL,
        hash text NOT NULL,
        chained_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE audit_checkpoints (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        head_pos bigint NOT NULL,
        head_seq bigint NOT NULL,
        head_hash text NOT NULL,
        public_key text NOT NULL,
        signature text NOT NULL
      );
      CREATE TABLE audit_retention (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        partition_name text NOT NULL,
        dropped_before timestamptz NOT NULL,
        floor_seq bigint NOT NULL
      );

      -- Drops the monthly partitions wholly older than the retention period, recording each in audit_retention
      -- with the first sequence number kept, from which integrity checks then start.
      CREATE FUNCTION audit_apply_retention(keep interval) RETURNS integer
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      DECLARE
        part record;
        dropped integer := 0;
        floor_seq bigint;
      BEGIN
        FOR part IN
          SELECT c.relname AS name, (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \\(''([^'']+)''\\)'))[1]::timestamptz AS upper_bound
          FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
          WHERE i.inhparent = 'audit_events'::regclass AND c.relname <> 'audit_events_default'
          ORDER BY 2
        LOOP
          EXIT WHEN part.upper_bound > now() - keep;
          EXECUTE format('SELECT coalesce(max(seq), 0) + 1 FROM %I', part.name) INTO floor_seq;
          INSERT INTO audit_retention (partition_name, dropped_before, floor_seq)
            VALUES (part.name, part.upper_bound, greatest(floor_seq, coalesce((SELECT max(r.floor_seq) FROM audit_retention r), 0)));
          EXECUTE format('DROP TABLE %I', part.name);
          dropped := dropped + 1;
        END LOOP;
        RETURN dropped;
      END $$;
    `);

    // Partitions for every month that holds events already, and the months ahead.
    const [{ first }] = await db.query(`SELECT coalesce(date_trunc('month', min(at)), date_trunc('month', now())) AS first FROM audit_events_legacy`);
    const [{ months }] = await db.query(
      `SELECT (extract(year FROM age(date_trunc('month', now()), $1::timestamptz)) * 12 + extract(month FROM age(date_trunc('month', now()), $1::timestamptz)))::int AS months`,
      [first],
    );
    await db.query(`SELECT audit_ensure_partitions(3)`);
    for (let back = 1; back <= months; back++) {
      const [{ month }] = await db.query(`SELECT to_char(date_trunc('month', now()) - make_interval(months => $1), 'YYYY-MM-DD') AS month`, [back]);
      const name = `audit_events_y${month.slice(0, 4)}m${month.slice(5, 7)}`;
      await db.query(
        `CREATE TABLE ${name} PARTITION OF audit_events FOR VALUES FROM ('${month} 00:00:00+00') TO (('${month}'::date + interval '1 month')::timestamp AT TIME ZONE 'UTC');
         CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON ${name} FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();`,
      );
    }

    await this.copyLegacyEvents(db);

    await db.query(`
      DROP TABLE audit_events_legacy;
      CREATE TRIGGER audit_queue_for_chain AFTER INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_queue_for_chain();
      INSERT INTO audit_pending (seq, seal) SELECT seq, seal FROM audit_events;
      CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
      CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit_events FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
      CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit_events_default FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
      CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit_chain FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
      CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit_chain FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
      CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
      CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit_checkpoints FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
      CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit_retention FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
      CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit_retention FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

      CREATE TABLE audit_replays (
        id text PRIMARY KEY,
        status text NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed')),
        scope jsonb NOT NULL,
        requested_by text NOT NULL,
        total integer NOT NULL DEFAULT 0,
        matched integer NOT NULL DEFAULT 0,
        mismatched integer NOT NULL DEFAULT 0,
        skipped integer NOT NULL DEFAULT 0,
        diffs jsonb NOT NULL DEFAULT '[]',
        error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      );
    `);
  }

  /** Existing events, sealed now (they predate sealing) in their sequence order, seq kept. */
  private async copyLegacyEvents(db: QueryRunner): Promise<void> {
    const key = Buffer.from(process.env.AUDIT_SEAL_KEY ?? DEV_DEFAULTS.AUDIT_SEAL_KEY, 'base64');
    for (let after = '0'; ; ) {
      const rows: LegacyRow[] = await db.query(
        `SELECT seq::text AS seq, at, kind, exchange_id, verification_id, actor, correlation_id, digest, message_enc, fti
         FROM audit_events_legacy WHERE seq > $1 ORDER BY audit_events_legacy.seq LIMIT 2000`,
        [after],
      );
      if (!rows.length) return;
      const values: unknown[] = [];
      const tuples = rows.map((r) => {
        const id = newId.auditEvent();
        const seal = sealOf(key, {
          id,
          at: r.at.toISOString(),
          kind: r.kind,
          exchangeId: r.exchange_id,
          verificationId: r.verification_id,
          actor: r.actor,
          correlationId: r.correlation_id,
          digest: r.digest,
          messageHash: sha256Hex(r.message_enc),
          fti: r.fti,
          meta: null,
        });
        const row = [r.seq, id, r.at.toISOString(), r.kind, r.exchange_id, r.verification_id, r.actor, r.correlation_id, r.digest, r.message_enc, r.fti, null, seal];
        const base = values.length;
        values.push(...row);
        return `(${row.map((_, i) => `$${base + i + 1}`).join(', ')})`;
      });
      await db.query(`INSERT INTO audit_events (seq, ${COLUMNS}) VALUES ${tuples.join(', ')}`, values);
      after = rows[rows.length - 1].seq;
    }
  }

  async down(): Promise<void> {
    throw new Error('the audit journal cannot be migrated down: it is append-only (restore from a backup instead)');
  }
}

interface LegacyRow {
  seq: string;
  at: Date;
  kind: string;
  exchange_id: string | null;
  verification_id: string | null;
  actor: string;
  correlation_id: string | null;
  digest: string;
  message_enc: string;
  fti: boolean;
}
