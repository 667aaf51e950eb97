import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { JournalReads, ReadAbout } from '@dxhub/audit';
import { AuditRow } from '@dxhub/persistence';
import { actorOf, Principal } from '@dxhub/security';

/** The journal's reads as the console API records them: the auditor and the request's correlation id. */
@Injectable()
export class AuditReads {
  constructor(private readonly reads: JournalReads) {}

  prepare(auditor: Principal, request: FastifyRequest, message: Record<string, unknown>, about: ReadAbout = {}): AuditRow {
    return this.reads.prepare(actorOf(auditor), message, { ...about, correlationId: request.id });
  }

  record(auditor: Principal, request: FastifyRequest, message: Record<string, unknown>, about: ReadAbout = {}): Promise<void> {
    return this.reads.record(actorOf(auditor), message, { ...about, correlationId: request.id });
  }
}
