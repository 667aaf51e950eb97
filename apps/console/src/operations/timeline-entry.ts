// A verification's timeline as the console API sends it. No imports: the console UI type-checks against this
// file too (apps/console/ui), so server and page cannot drift apart.

export interface AttemptEntry {
  type: 'federal.attempt';
  at: string;
  kind: 'call' | 'poll';
  attemptNo: number;
  messageId: string;
  startedAt: string;
  finishedAt: string | null;
  httpStatus: number | null;
  responseCode: string | null;
  result: string | null;
  error: string | null;
}

/** An audit event in a timeline: what happened and who did it, never the message. */
export interface AuditEntry {
  type: 'audit.event';
  at: string;
  seq: number;
  kind: string;
  actor: string;
}

export type TimelineEntry = AttemptEntry | AuditEntry;
