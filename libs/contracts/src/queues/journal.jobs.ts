// The audit journal's own jobs: signed checkpoints and housekeeping on schedules, replays on demand.

export const JOURNAL_QUEUE = 'journal';
/** Sign the chain head (job scheduler `journal-checkpoint`). */
export const CHECKPOINT_JOB = 'checkpoint';
export const CHECKPOINT_SCHEDULER_ID = 'journal-checkpoint';
/** Create the coming months' partitions and apply retention (job scheduler `journal-housekeeping`, daily). */
export const HOUSEKEEPING_JOB = 'housekeeping';
export const HOUSEKEEPING_SCHEDULER_ID = 'journal-housekeeping';

/** Replays run apart from live work: a queue of their own, never the federal sources' queues. */
export const AUDIT_REPLAYS_QUEUE = 'audit-replays';
export const REPLAY_JOB = 'replay';

export interface ReplayJobData {
  replayId: string;
}

/** What an auditor asks to replay (POST /v1/audit/replays). */
export interface ReplayScope {
  from: string;
  to: string;
  exchangeId?: string;
  service?: string;
}

export const REPLAY_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;
export type ReplayStatus = (typeof REPLAY_STATUSES)[number];

export interface ReplayDiff {
  verificationId: string | null;
  /** The recorded request's seq in the journal, so the auditor can look it up. */
  requestSeq: string;
  field: string;
  recorded: unknown;
  replayed: unknown;
}
