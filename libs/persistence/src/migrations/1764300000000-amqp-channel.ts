import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The message-broker channel: which RabbitMQ user speaks for an exchange (one user, one exchange), which
 * verifications arrived over AMQP (their results go back to the exchange's reply routing key), and through
 * which channel a delivery goes (a webhook POST or an AMQP publish).
 */
export class AmqpChannel1764300000000 implements MigrationInterface {
  name = 'AmqpChannel1764300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE exchanges ADD COLUMN amqp_user text UNIQUE CHECK (amqp_user ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$');
      ALTER TABLE verifications ADD COLUMN reply_channel text CHECK (reply_channel IN ('amqp'));
      ALTER TABLE deliveries ADD COLUMN channel text NOT NULL DEFAULT 'webhook' CHECK (channel IN ('webhook', 'amqp'));
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE deliveries DROP COLUMN channel;
      ALTER TABLE verifications DROP COLUMN reply_channel;
      ALTER TABLE exchanges DROP COLUMN amqp_user;
    `);
  }
}
