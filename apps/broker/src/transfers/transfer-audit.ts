import { AuditEventInput, AuditJournal, SYSTEM_ACTOR } from '@dxhub/audit';
import type { AuditRow, VerificationRow } from '@dxhub/persistence';

/** Audit rows about one verification, written by the broker as the system actor. */
export class TransferAudit {
  constructor(
    private readonly journal: AuditJournal,
    private readonly verification: Pick<VerificationRow, 'id' | 'exchangeId' | 'correlationId' | 'fti'>,
  ) {}

  event(kind: AuditEventInput['kind'], message: AuditEventInput['message'], meta?: AuditEventInput['meta']): AuditRow {
    return this.journal.prepare({
      meta,
      kind,
      exchangeId: this.verification.exchangeId,
      verificationId: this.verification.id,
      actor: SYSTEM_ACTOR,
      correlationId: this.verification.correlationId,
      message,
      // Everything about an FTI verification (requests, answers, results) is marked FTI.
      fti: this.verification.fti,
    });
  }
}
