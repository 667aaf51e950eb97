import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** A verification's result pushed to its exchange's webhook: created with the terminal transition. */
@Entity('deliveries')
export class DeliveryEntity {
  @PrimaryColumn('text') id: string;
  @Column('text', { name: 'verification_id' }) verificationId: string;
  @Column('text', { name: 'exchange_id' }) exchangeId: string;
  /** verification.completed | verification.failed */
  @Column('text') type: string;
  /** webhook (POST to the exchange's URL) | amqp (publish to its reply routing key) */
  @Column('text') channel: string;
  /** pending | delivered | failed */
  @Column('text') status: string;
  @Column('int') attempts: number;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
  @Column('timestamptz', { name: 'delivered_at', nullable: true }) deliveredAt: Date | null;
  @Column('text', { name: 'last_error', nullable: true }) lastError: string | null;
  @Column('int', { name: 'last_http_status', nullable: true }) lastHttpStatus: number | null;
}

/** One POST of a delivery to the webhook: when, and how the exchange answered. */
@Entity('delivery_attempts')
export class DeliveryAttemptEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column('text', { name: 'delivery_id' }) deliveryId: string;
  @Column('int', { name: 'attempt_no' }) attemptNo: number;
  @Column('timestamptz', { name: 'started_at' }) startedAt: Date;
  @Column('timestamptz', { name: 'finished_at', nullable: true }) finishedAt: Date | null;
  @Column('int', { name: 'http_status', nullable: true }) httpStatus: number | null;
  @Column('text', { nullable: true }) error: string | null;
}
