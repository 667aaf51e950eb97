import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Message Store: every boundary crossing and staff action, with the digest of the exact bytes. Append-only and
 * partitioned by month (migration 1764280000000); its hash chain is in audit_chain. Written only through SQL
 * (auditValues), never through this entity.
 */
@Entity('audit_events')
export class AuditEventEntity {
  @PrimaryColumn({ type: 'bigint' }) seq: string;
  @PrimaryColumn('timestamptz') at: Date;
  @Column('text') id: string;
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
  @Column('text', { nullable: true }) meta: string | null;
  /** The writer's HMAC over all of the above (journal-seal.ts). */
  @Column('text') seal: string;
}
