import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `outbox.relay_after`: the relay leaves a row alone until then, because its writer publishes it itself. The
 * gateway adds a verification's transfer job as soon as its intake commits and marks the row dispatched; only
 * if it cannot (Redis down, the process gone) does the relay pick the row up, once the time has passed. A null
 * (every other writer) means at once, as before. Nullable without a default: adding it rewrites nothing.
 */
export class OutboxRelayAfter1764380000000 implements MigrationInterface {
  name = 'OutboxRelayAfter1764380000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE outbox ADD COLUMN relay_after timestamptz`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE outbox DROP COLUMN relay_after`);
  }
}
