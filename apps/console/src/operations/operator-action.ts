import type { AuditJournal } from '@dxhub/audit';
import type { AuditRow, VerificationRow } from '@dxhub/persistence';
import { actorOf, Principal } from '@dxhub/security';

/** The operator.action audit row of an operator's act, on one verification or (null) across verifications. */
export function operatorAction(
  journal: AuditJournal,
  operator: Principal,
  verification: Pick<VerificationRow, 'id' | 'exchangeId' | 'correlationId'> | null,
  message: Record<string, unknown>,
  exchangeId: string | null = verification?.exchangeId ?? null,
): AuditRow {
  return journal.prepare({
    kind: 'operator.action',
    exchangeId,
    verificationId: verification?.id ?? null,
    actor: actorOf(operator),
    correlationId: verification?.correlationId ?? null,
    message,
  });
}
