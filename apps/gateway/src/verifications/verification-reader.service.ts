import { Injectable } from '@nestjs/common';
import { AuditJournal } from '@dxhub/audit';
import type { VerificationResource } from '@dxhub/contracts';
import { VerificationPresenter } from '@dxhub/hub-core';
import { AuditEventRepository, VerificationRow } from '@dxhub/persistence';
import { actorOf, Principal } from '@dxhub/security';

/**
 * Shows an exchange its own verifications. Every time Federal Tax Information leaves the hub this way
 * (an IFSV result), the read is an `fti.read` audit event (IRS Pub 1075: FTI access is logged).
 */
@Injectable()
export class VerificationReader {
  constructor(
    private readonly presenter: VerificationPresenter,
    private readonly journal: AuditJournal,
    private readonly auditEvents: AuditEventRepository,
  ) {}

  async show(principal: Principal, rows: VerificationRow[], correlationId: string): Promise<VerificationResource[]> {
    const ftiReads = rows
      .filter((row) => row.fti && row.resultEnc)
      .map((row) =>
        this.journal.prepare({
          kind: 'fti.read',
          exchangeId: row.exchangeId,
          verificationId: row.id,
          actor: actorOf(principal),
          correlationId,
          message: { verificationId: row.id, service: row.service },
          fti: true,
        }),
      );
    await this.auditEvents.append(ftiReads);
    return rows.map((row) => this.presenter.present(row, { fti: 'show' }));
  }

  async showOne(principal: Principal, row: VerificationRow, correlationId: string): Promise<VerificationResource> {
    const [resource] = await this.show(principal, [row], correlationId);
    return resource;
  }
}
