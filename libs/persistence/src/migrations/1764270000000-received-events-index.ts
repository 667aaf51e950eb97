import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reconciler counts, every minute and per exchange, the verifications received according to the journal:
 * a partial index keeps that an index-only count over those events instead of a scan of the whole journal.
 */
export class ReceivedEventsIndex1764270000000 implements MigrationInterface {
  name = 'ReceivedEventsIndex1764270000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX audit_events_received ON audit_events (exchange_id) WHERE kind = 'verification.received'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX audit_events_received');
  }
}
