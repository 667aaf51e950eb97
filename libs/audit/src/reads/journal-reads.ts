import { Injectable } from '@nestjs/common';
import { AuditEventRepository, AuditRow } from '@dxhub/persistence';
import { AuditJournal } from '../audit-journal';

/** What a read of the journal was about, for its own `audit.read` event. */
export interface ReadAbout {
  exchangeId?: string | null;
  verificationId?: string | null;
  correlationId?: string | null;
  /** A privileged export may hold Federal Tax Information. */
  fti?: boolean;
}

/**
 * Every read of the journal is itself journaled (CONTRACT: "Reading the audit log is itself audited"), the
 * same way from the console's API and from the CLI.
 */
@Injectable()
export class JournalReads {
  constructor(
    private readonly events: AuditEventRepository,
    private readonly journal: AuditJournal,
  ) {}

  /** The `audit.read` event of a read, for a statement that writes it beside something else (a replay's record). */
  prepare(actor: string, message: Record<string, unknown>, about: ReadAbout = {}): AuditRow {
    return this.journal.prepare({
      kind: 'audit.read',
      exchangeId: about.exchangeId ?? null,
      verificationId: about.verificationId ?? null,
      actor,
      correlationId: about.correlationId ?? null,
      message,
      fti: about.fti,
    });
  }

  async record(actor: string, message: Record<string, unknown>, about: ReadAbout = {}): Promise<void> {
    await this.events.append([this.prepare(actor, message, about)]);
  }
}
