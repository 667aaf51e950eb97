import { Injectable } from '@nestjs/common';
import type { Outcome, VerificationError, VerificationResource, VerificationStatus } from '@dxhub/contracts';
import type { VerificationRow } from '@dxhub/persistence';
import { PiiCipher } from '@dxhub/security';

/** Shapes a stored verification into the contract's resource: every field present, SSN at most its last 4. */
@Injectable()
export class VerificationPresenter {
  constructor(private readonly cipher: PiiCipher) {}

  present(row: VerificationRow): VerificationResource {
    return {
      id: row.id,
      service: row.service,
      status: row.status as VerificationStatus,
      reference: row.reference,
      subject: { ssnLast4: row.ssnLast4 },
      outcome: row.outcome as Outcome | null,
      result: row.resultEnc ? this.cipher.decryptJson<Record<string, unknown>>(row.resultEnc) : null,
      error: row.error as VerificationError | null,
      attempts: row.attempts,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
      completedAt: row.completedAt?.toISOString() ?? null,
    };
  }
}
