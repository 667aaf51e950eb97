import type { KeyObject } from 'node:crypto';

export const JOURNAL_SETTINGS = Symbol('JOURNAL_SETTINGS');

export interface JournalSettings {
  /** Ed25519 key the chain heads are signed with (AUDIT_SIGNING_KEY). */
  signingKey: KeyObject;
  checkpointEveryMs: number;
  /** How long events are kept (AUDIT_RETENTION_DAYS; 7 years by default). */
  retentionDays: number;
  /** How long the chainer rests when it found nothing to link. */
  chainIdleMs: number;
}

/** Monthly partitions kept ready ahead of time, so that appending never lands in the DEFAULT partition. */
export const PARTITION_MONTHS_AHEAD = 3;
export const HOUSEKEEPING_EVERY_MS = 24 * 60 * 60 * 1000;
