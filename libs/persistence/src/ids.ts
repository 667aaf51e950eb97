import { encodeTime, monotonicFactory } from 'ulid';
import { pooledRandomFraction } from '@dxhub/platform';

// ulid's own generator asks the kernel for one byte per character (16 system calls per id).
const ulid = monotonicFactory(pooledRandomFraction);

/** Opaque, prefixed, time-ordered ids (the prefix says what an id is when it turns up in a log or a ticket). */
export const newId = {
  verification: () => `ver_${ulid()}`,
  credential: () => `cred_${ulid()}`,
  delivery: () => `dlv_${ulid()}`,
  reconciliation: () => `rec_${ulid()}`,
  auditEvent: () => `aud_${ulid()}`,
  replay: () => `rpl_${ulid()}`,
  batch: () => `bat_${ulid()}`,
};

/**
 * Where the verifications created before `at` end, in id order: every id minted earlier sorts below it (a
 * ULID begins with its time; ids are compared as text, and 'ver_' + Crockford base32 sorts the same way
 * under every collation).
 */
export function verificationIdMark(at: Date): string {
  return `ver_${encodeTime(at.getTime(), 10)}`;
}
