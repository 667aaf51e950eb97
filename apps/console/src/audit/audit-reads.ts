import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AuditJournal } from '@dxhub/audit';
import { AuditEventRepository } from '@dxhub/persistence';
import { actorOf, Principal } from '@dxhub/security';

/** Every read of the journal is itself journaled (CONTRACT: "Reading the audit log is itself audited"). */
@Injectable()
export class AuditReads {
  constructor(
    private readonly events: AuditEventRepository,
    private readonly journal: AuditJournal,
  ) {}

  async record(
    auditor: Principal,
    request: FastifyRequest,
    message: Record<string, unknown>,
    about: { exchangeId?: string | null; verificationId?: string | null; fti?: boolean } = {},
  ): Promise<void> {
    await this.events.append([
      this.journal.prepare({
        kind: 'audit.read',
        exchangeId: about.exchangeId ?? null,
        verificationId: about.verificationId ?? null,
        actor: actorOf(auditor),
        correlationId: request.id,
        message,
        fti: about.fti,
      }),
    ]);
  }
}
