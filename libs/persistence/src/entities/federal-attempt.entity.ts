import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One call to the federal side: when, with which messageID, and how it ended. */
@Entity('federal_attempts')
export class FederalAttemptEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column('text', { name: 'verification_id' }) verificationId: string;
  @Column('int', { name: 'attempt_no' }) attemptNo: number;
  @Column('uuid', { name: 'message_id' }) messageId: string;
  @Column('timestamptz', { name: 'started_at' }) startedAt: Date;
  @Column('timestamptz', { name: 'finished_at', nullable: true }) finishedAt: Date | null;
  @Column('int', { name: 'http_status', nullable: true }) httpStatus: number | null;
  @Column('text', { name: 'response_code', nullable: true }) responseCode: string | null;
  /** call: the request itself; poll: asking for an asynchronous service's result. */
  @Column('text') kind: string;
  /** success | retryable | permanent */
  @Column('text', { nullable: true }) result: string | null;
  @Column('text', { nullable: true }) error: string | null;
}
