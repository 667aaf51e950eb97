import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One verification request and its fate. PII lives only in the encrypted columns. */
@Entity('verifications')
export class VerificationEntity {
  @PrimaryColumn('text') id: string;
  @Column('text', { name: 'exchange_id' }) exchangeId: string;
  @Column('text') service: string;
  @Column('text') source: string;
  @Column('text') status: string;
  @Column('text', { nullable: true }) outcome: string | null;
  @Column('text', { nullable: true }) reference: string | null;
  @Column('text', { name: 'request_enc' }) requestEnc: string;
  @Column('text', { name: 'ssn_index', nullable: true }) ssnIndex: string | null;
  @Column('text', { name: 'ssn_last4', nullable: true }) ssnLast4: string | null;
  @Column('text', { name: 'result_enc', nullable: true }) resultEnc: string | null;
  @Column('text', { name: 'response_code', nullable: true }) responseCode: string | null;
  @Column('jsonb', { nullable: true }) error: Record<string, unknown> | null;
  @Column('int') attempts: number;
  /** Dispatch round: 0 at submission, +1 per operator re-drive (gives the re-drive a fresh job id). */
  @Column('int') round: number;
  @Column('text', { name: 'idempotency_key', nullable: true }) idempotencyKey: string | null;
  @Column('text', { name: 'request_hash' }) requestHash: string;
  @Column('text', { name: 'correlation_id' }) correlationId: string;
  /** Multi-step services: the earlier step this one continues. */
  @Column('text', { name: 'previous_verification_id', nullable: true }) previousVerificationId: string | null;
  /** The result is Federal Tax Information (IRS Pub 1075). */
  @Column('boolean') fti: boolean;
  /** 'amqp' when it arrived over the message broker: its end is also published to the exchange's reply routing key. */
  @Column('text', { name: 'reply_channel', nullable: true }) replyChannel: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
  @Column('timestamptz', { name: 'completed_at', nullable: true }) completedAt: Date | null;
}
