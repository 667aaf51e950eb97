import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Guaranteed Delivery: written in the same transaction as the change that needs a queue job. */
@Entity('outbox')
export class OutboxMessageEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column('text') topic: string;
  @Column('jsonb') payload: Record<string, unknown>;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'dispatched_at', nullable: true }) dispatchedAt: Date | null;
}
