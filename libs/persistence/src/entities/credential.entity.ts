import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** An API key, stored only as its hash. Submitters are bound to one exchange; staff roles to none. */
@Entity('credentials')
export class CredentialEntity {
  @PrimaryColumn('text') id: string;
  @Column('text', { name: 'key_hash', unique: true }) keyHash: string;
  @Column('text', { name: 'key_prefix' }) keyPrefix: string;
  @Column('text') role: string;
  @Column('text', { name: 'exchange_id', nullable: true }) exchangeId: string | null;
  @Column('text', { nullable: true }) label: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt: Date | null;
  @Column('timestamptz', { name: 'expires_at', nullable: true }) expiresAt: Date | null;
  /** Set by rotation: the credential that took over; this one works until its expiry (the overlap). */
  @Column('text', { name: 'replaced_by', nullable: true }) replacedBy: string | null;
}
