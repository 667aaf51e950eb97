import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the operations console at volume (a million verifications, 100,000 failed transfers):
 * - counts by exchange and status: an index-only scan of (exchange_id, status), not a scan of the table;
 * - the oldest open verification: the first entry of a small partial index on open rows by creation time;
 * - the failed-transfers table sorted by exchange, service or error code: a keyset walk of a partial index
 *   over failed rows each (the default newest-first order already has verifications_failed);
 * - failed deliveries by failure time, for the same list.
 */
export class ConsoleIndexes1764310000000 implements MigrationInterface {
  name = 'ConsoleIndexes1764310000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE INDEX verifications_exchange_status ON verifications (exchange_id, status);
      CREATE INDEX verifications_open_created ON verifications (created_at, id) WHERE status IN ('queued', 'in_progress', 'awaiting_federal');
      CREATE INDEX verifications_failed_exchange ON verifications (exchange_id, updated_at, id) WHERE status = 'failed';
      CREATE INDEX verifications_failed_service ON verifications (service, updated_at, id) WHERE status = 'failed';
      CREATE INDEX verifications_failed_code ON verifications ((coalesce(error->>'code', '')), updated_at, id) WHERE status = 'failed';
      CREATE INDEX deliveries_failed_time ON deliveries (updated_at, id) WHERE status = 'failed';
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(
      'DROP INDEX deliveries_failed_time, verifications_failed_code, verifications_failed_service, verifications_failed_exchange, verifications_open_created, verifications_exchange_status',
    );
  }
}
