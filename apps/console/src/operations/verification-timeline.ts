import type { AuditEventSummary, FederalAttemptRow } from '@dxhub/persistence';
import type { AttemptEntry, AuditEntry, TimelineEntry } from './timeline-entry';

/**
 * One verification's story in time order: federal attempts (by start) and audit events merged. At the same
 * instant an audit event comes first, since each attempt's request event is written as the attempt starts.
 */
export function verificationTimeline(attempts: FederalAttemptRow[], events: AuditEventSummary[]): TimelineEntry[] {
  const entries: TimelineEntry[] = [
    ...events.map((e): AuditEntry => ({ type: 'audit.event', at: e.at.toISOString(), seq: Number(e.seq), kind: e.kind, actor: e.actor })),
    ...attempts.map(
      (a): AttemptEntry => ({
        type: 'federal.attempt',
        at: a.startedAt.toISOString(),
        kind: a.kind,
        attemptNo: a.attemptNo,
        messageId: a.messageId,
        startedAt: a.startedAt.toISOString(),
        finishedAt: a.finishedAt?.toISOString() ?? null,
        httpStatus: a.httpStatus,
        responseCode: a.responseCode,
        result: a.result,
        error: a.error,
      }),
    ),
  ];
  // Array.prototype.sort is stable: equal times keep audit events (listed first) ahead of attempts.
  return entries.sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : 0));
}
