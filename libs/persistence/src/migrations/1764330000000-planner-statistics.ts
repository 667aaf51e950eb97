import { MigrationInterface, QueryRunner } from 'typeorm';

/** The refresh function; `order` picks which changed tables a call analyzes, and in what order. */
export function refreshFunctionSql(create: 'CREATE' | 'CREATE OR REPLACE', order: string): string {
  return `
    ${create} FUNCTION hub_refresh_planner_statistics() RETURNS text[]
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp SET default_statistics_target = 10 AS $$
      DECLARE
        analyzed text[] := '{}';
        changed record;
      BEGIN
        IF current_setting('autovacuum')::boolean OR NOT pg_try_advisory_xact_lock(hashtext('dxhub.planner-statistics')) THEN
          RETURN analyzed;
        END IF;
        FOR changed IN
          SELECT s.relname FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
          WHERE s.schemaname = 'public' AND c.relkind = 'r' AND s.n_mod_since_analyze > 50 + 0.5 * greatest(c.reltuples, 0)
          ${order}
        LOOP
          EXECUTE format('ANALYZE %I', changed.relname);
          analyzed := analyzed || changed.relname::text;
        END LOOP;
        RETURN analyzed;
      END $$;
`;
}

/**
 * Fresh planner statistics where autovacuum does not keep them (it is off on the CI machine). The hot
 * statements are named prepared statements, and PostgreSQL settles on a generic plan after a few runs: planned
 * while a table is nearly empty and never analyzed, that plan is a sequential scan, and it stays one as the
 * table grows (measured: ending an attempt scanned every federal attempt, 5 ms a call after 10,000 of them).
 * An ANALYZE invalidates the cached plans, so the next ones see the table as it is.
 *
 * `hub_refresh_planner_statistics()` analyzes the hub's tables that changed by more than 50 rows and half their
 * size since their last analysis, one caller at a time. Growth by half is enough: the planner scales a table's
 * statistics to its current size by itself, and what goes stale is a plan made while the table was small. It
 * runs as the owner (ANALYZE needs it) and does nothing where autovacuum is on.
 *
 * Each ANALYZE samples 3,000 rows (statistics target 10, not 100): enough for plans that look rows up by key,
 * and cheap enough not to stall the hub while it runs. At the default target an ANALYZE of 100,000
 * verifications took 840 ms and one of the journal's partition 900 ms, and the open loop's latencies rose to
 * 170 ms while they ran; at 10, 25 and 55 ms. Opaque columns (ciphertexts, hashes, payloads) get no statistics
 * at all: no statement filters on them.
 */
export class PlannerStatistics1764330000000 implements MigrationInterface {
  name = 'PlannerStatistics1764330000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ${refreshFunctionSql('CREATE', 'ORDER BY s.relname')}

      ALTER TABLE verifications ALTER COLUMN request_enc SET STATISTICS 0, ALTER COLUMN result_enc SET STATISTICS 0,
        ALTER COLUMN request_hash SET STATISTICS 0;
      ALTER TABLE outbox ALTER COLUMN payload SET STATISTICS 0;
      ALTER TABLE audit_chain ALTER COLUMN hash SET STATISTICS 0, ALTER COLUMN prev_hash SET STATISTICS 0;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP FUNCTION hub_refresh_planner_statistics();
      ALTER TABLE verifications ALTER COLUMN request_enc SET STATISTICS -1, ALTER COLUMN result_enc SET STATISTICS -1,
        ALTER COLUMN request_hash SET STATISTICS -1;
      ALTER TABLE outbox ALTER COLUMN payload SET STATISTICS -1;
      ALTER TABLE audit_chain ALTER COLUMN hash SET STATISTICS -1, ALTER COLUMN prev_hash SET STATISTICS -1;
    `);
  }
}
