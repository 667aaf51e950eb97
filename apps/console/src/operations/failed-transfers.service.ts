import { Injectable } from '@nestjs/common';
import { AuditJournal } from '@dxhub/audit';
import { encodeFailedTransferCursor, OperationsRepository, VerificationRepository } from '@dxhub/persistence';
import { bodyValidator } from '@dxhub/platform';
import { Principal } from '@dxhub/security';
import { parseFailedTransfersQuery, toFailedTransferFilter } from './failed-transfers.query';
import { FailedTransfersRetryInput, failedTransfersRetrySchema } from './operations.schemas';
import { operatorAction } from './operator-action';

const validateRetry = bodyValidator<FailedTransfersRetryInput>(failedTransfersRetrySchema);

/** How many failed verifications one re-drive statement moves: bounded so a large backlog never makes one huge statement. */
const REDRIVE_BATCH = 200;

/** A failed transfer as operators see it: a verification that could not be completed, or a result that could not be delivered. */
export interface FailedTransfer {
  kind: 'verification' | 'delivery';
  id: string;
  /** null for a batch.completed delivery. */
  verificationId: string | null;
  exchangeId: string;
  service: string;
  source: string;
  error: Record<string, unknown> | null;
  attempts: number;
  failedAt: string;
  reference: string | null;
}

@Injectable()
export class FailedTransfersService {
  constructor(
    private readonly operations: OperationsRepository,
    private readonly verifications: VerificationRepository,
    private readonly journal: AuditJournal,
  ) {}

  async list(query: unknown): Promise<{ data: FailedTransfer[]; nextCursor: string | null }> {
    const { filter, after, limit, sort } = parseFailedTransfersQuery(query);
    const { rows, hasMore } = await this.operations.listFailedVerifications(filter, after, limit, sort);
    return {
      data: rows.map((r) => ({
        kind: r.kind,
        id: r.id,
        verificationId: r.verificationId,
        exchangeId: r.exchangeId,
        service: r.service,
        source: r.source,
        error: r.error,
        attempts: r.attempts,
        failedAt: r.failedAt.toISOString(),
        reference: r.reference,
      })),
      nextCursor: hasMore ? encodeFailedTransferCursor(rows[rows.length - 1].key, sort) : null,
    };
  }

  /**
   * Re-drives every failed verification matching the filter, batch by batch in id order; each is audited.
   * A verification that fails again meanwhile lies behind the walk, so it is not re-driven twice.
   */
  async retryAll(operator: Principal, body: unknown): Promise<{ count: number }> {
    const input = validateRetry(body);
    const filter = toFailedTransferFilter(input.filter);
    const message = { action: 'retry', reason: input.reason, filter: input.filter };
    let count = 0;
    let afterId: string | null = null;
    for (;;) {
      const batch = await this.operations.failedBatch(filter, afterId, REDRIVE_BATCH);
      if (!batch.length) break;
      const items = batch.map((v) => ({ id: v.id, audit: operatorAction(this.journal, operator, v, message) }));
      count += (await this.verifications.redriveFailed(items)).length;
      if (batch.length < REDRIVE_BATCH) break;
      afterId = batch[batch.length - 1].id;
    }
    return { count };
  }
}
