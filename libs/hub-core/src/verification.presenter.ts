import { Injectable } from '@nestjs/common';
import type { Outcome, VerificationError, VerificationResource, VerificationStatus } from '@dxhub/contracts';
import type { VerificationRow } from '@dxhub/persistence';
import { PiiCipher } from '@dxhub/security';

export interface PresentOptions {
  /**
   * Whether the reader may see Federal Tax Information (IRS Pub 1075: need to know). The exchange that asked
   * may; hub staff may not, so for them an FTI verification's result is withheld (null).
   */
  fti: 'show' | 'withhold';
}

/** Shapes a stored verification into the contract's resource: every field present, SSN at most its last 4. */
@Injectable()
export class VerificationPresenter {
  constructor(private readonly cipher: PiiCipher) {}

  present(row: VerificationRow, options: PresentOptions): VerificationResource {
    const withheld = row.fti && options.fti === 'withhold';
    return {
      id: row.id,
      service: row.service,
      status: row.status as VerificationStatus,
      reference: row.reference,
      subject: { ssnLast4: row.ssnLast4 },
      outcome: row.outcome as Outcome | null,
      result: row.resultEnc && !withheld ? this.cipher.decryptJson<Record<string, unknown>>(row.resultEnc) : null,
      error: row.error as VerificationError | null,
      attempts: row.attempts,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
      completedAt: row.completedAt?.toISOString() ?? null,
    };
  }
}
