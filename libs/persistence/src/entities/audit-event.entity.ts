import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Message Store: every boundary crossing and staff action, with the digest of the exact bytes. */
@Entity('audit_events')
export class AuditEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) seq: string;
  @Column('timestamptz') at: Date;
  @Column('text') kind: string;
  @Column('text', { name: 'exchange_id', nullable: true }) exchangeId: string | null;
  @Column('text', { name: 'verification_id', nullable: true }) verificationId: string | null;
  @Column('text') actor: string;
  @Column('text', { name: 'correlation_id', nullable: true }) correlationId: string | null;
  /** SHA-256 (hex) of the exact message bytes. */
  @Column('text') digest: string;
  /** The message itself, encrypted (PiiCipher envelope). */
  @Column('text', { name: 'message_enc' }) messageEnc: string;
  /** The message is Federal Tax Information: access to it is restricted and itself audited. */
  @Column('boolean') fti: boolean;
  @Column('text', { name: 'prev_hash', nullable: true }) prevHash: string | null;
  @Column('text', { nullable: true }) hash: string | null;
}
