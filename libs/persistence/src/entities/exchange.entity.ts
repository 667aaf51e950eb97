import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A tenant: one state exchange or Medicaid agency. */
@Entity('exchanges')
export class ExchangeEntity {
  @PrimaryColumn('text') id: string;
  @Column('text') name: string;
  @Column('text', { name: 'webhook_url', nullable: true }) webhookUrl: string | null;
  /** Encrypted (PiiCipher envelope): the HMAC secret the exchange verifies our signatures with. */
  @Column('text', { name: 'webhook_secret_enc', nullable: true }) webhookSecretEnc: string | null;
  /** SHA-256 of the DER client certificate bound to the exchange (lowercase hex), checked when the gateway runs mutual TLS. */
  @Column('text', { name: 'client_cert_sha256', nullable: true }) clientCertSha256: string | null;
  /** The RabbitMQ user whose messages (by their broker-validated user_id) speak for this exchange. */
  @Column('text', { name: 'amqp_user', nullable: true }) amqpUser: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
