import type { BatchResource, VerificationStatus } from '@dxhub/contracts';
import type { BatchRow } from '@dxhub/persistence';

/** Shapes a stored batch and its lines' counts into the contract's resource (GET /v1/batches/{id}, batch.completed). */
export function presentBatch(row: BatchRow, counts: Record<string, number>): BatchResource {
  return {
    id: row.id,
    status: row.status,
    total: row.total,
    counts: counts as Partial<Record<VerificationStatus, number>>,
    createdAt: row.createdAt.toISOString(),
    completedAt: row.completedAt?.toISOString() ?? null,
  };
}
