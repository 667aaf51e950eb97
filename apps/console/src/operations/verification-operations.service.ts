import { Injectable } from '@nestjs/common';
import { AuditJournal } from '@dxhub/audit';
import { normalizeSsn, ssnLast4, VerificationResource } from '@dxhub/contracts';
import { VerificationPresenter } from '@dxhub/hub-core';
import { AuditEventRepository, decodeCursor, encodeCursor, OperationsRepository, VerificationRepository, VerificationRow } from '@dxhub/persistence';
import { bodyValidator, Problems } from '@dxhub/platform';
import { BlindIndex, Principal } from '@dxhub/security';
import { DEFAULT_LIMIT, ReasonInput, reasonSchema, VerificationSearchInput, verificationSearchSchema } from './operations.schemas';
import { operatorAction } from './operator-action';
import type { TimelineEntry } from './timeline-entry';
import { verificationTimeline } from './verification-timeline';

const validateSearch = bodyValidator<VerificationSearchInput>(verificationSearchSchema);
const validateReason = bodyValidator<ReasonInput>(reasonSchema);

/** A verification as operators see it: the exchange's resource plus which exchange it belongs to. */
/** `fti`: the result is Federal Tax Information, withheld from staff (null) by need to know. */
export type OpsVerification = VerificationResource & { exchangeId: string; fti: boolean };

/** The operators' work on single verifications, across exchanges: search, inspect, retry, cancel. */
@Injectable()
export class VerificationOperationsService {
  constructor(
    private readonly operations: OperationsRepository,
    private readonly verifications: VerificationRepository,
    private readonly auditEvents: AuditEventRepository,
    private readonly journal: AuditJournal,
    private readonly blindIndex: BlindIndex,
    private readonly presenter: VerificationPresenter,
  ) {}

  /** Every search is itself audited, with the SSN reduced to its last 4 (an SSN is matched only through the blind index). */
  async search(operator: Principal, body: unknown): Promise<{ data: OpsVerification[]; nextCursor: string | null }> {
    const { ssn, cursor, limit = DEFAULT_LIMIT, ...filter } = validateSearch(body);
    const afterId = cursor ? decodeCursor(cursor) : undefined;
    if (afterId === null) throw Problems.validation([{ field: 'cursor', message: 'is not a cursor this API returned' }]);
    const audited = { ...filter, ...(ssn ? { ssnLast4: ssnLast4(ssn) } : {}), ...(cursor ? { cursor } : {}), limit };
    await this.auditEvents.append([operatorAction(this.journal, operator, null, { action: 'search', filter: audited }, filter.exchangeId ?? null)]);
    const { rows, hasMore } = await this.operations.searchVerifications({
      ...filter,
      ssnIndex: ssn ? this.blindIndex.of(normalizeSsn(ssn)) : undefined,
      createdAfter: filter.createdAfter ? new Date(filter.createdAfter) : undefined,
      createdBefore: filter.createdBefore ? new Date(filter.createdBefore) : undefined,
      afterId,
      limit,
    });
    return { data: rows.map((row) => this.present(row)), nextCursor: hasMore ? encodeCursor(rows[rows.length - 1].id) : null };
  }

  async get(id: string): Promise<OpsVerification & { timeline: TimelineEntry[] }> {
    const row = await this.find(id);
    const [attempts, events] = await Promise.all([this.operations.federalAttempts(id), this.operations.auditEvents(id)]);
    return { ...this.present(row), timeline: verificationTimeline(attempts, events) };
  }

  /** Re-drives a failed verification in a new round: same id, attempts and history (see VerificationRepository.redriveFailed). */
  async retry(operator: Principal, id: string, body: unknown): Promise<OpsVerification> {
    const { reason } = validateReason(body);
    const row = await this.find(id);
    const [moved] = await this.verifications.redriveFailed([{ id, audit: operatorAction(this.journal, operator, row, { action: 'retry', reason }) }]);
    if (!moved) throw await this.notAllowed(id, 'retried', 'Only a failed verification can be retried');
    return this.present(moved);
  }

  async cancel(operator: Principal, id: string, body: unknown): Promise<OpsVerification> {
    const { reason } = validateReason(body);
    const row = await this.find(id);
    const cancelled = await this.verifications.cancel(id, operatorAction(this.journal, operator, row, { action: 'cancel', reason }));
    if (!cancelled) throw await this.notAllowed(id, 'cancelled', 'Only a queued, in-progress, awaiting or failed verification can be cancelled');
    return this.present(cancelled);
  }

  private async find(id: string): Promise<VerificationRow> {
    const row = await this.verifications.findById(id);
    if (!row) throw Problems.notFound('verification');
    return row;
  }

  /** 409 naming the status the verification is in now (re-read: it may have moved since it was loaded). */
  private async notAllowed(id: string, verb: string, rule: string) {
    const status = (await this.find(id)).status;
    return Problems.conflict(`${rule}; this one is ${status}, so it was not ${verb}.`, [{ field: 'status', message: `is ${status}` }]);
  }

  private present(row: VerificationRow): OpsVerification {
    // Operators work on transfers, not on tax data: an FTI result stays withheld from them.
    return { ...this.presenter.present(row, { fti: 'withhold' }), exchangeId: row.exchangeId, fti: row.fti };
  }
}
