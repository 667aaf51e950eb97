import { randomFillSync } from 'node:crypto';
import { monotonicFactory } from 'ulid';

// ulid's own generator asks the kernel for one byte per character (16 system calls per id); this one draws the
// same cryptographic randomness from a refilled pool.
const pool = Buffer.alloc(4096);
let next = pool.length;
function pooledRandom(): number {
  if (next === pool.length) {
    randomFillSync(pool);
    next = 0;
  }
  return pool[next++] / 256;
}

const ulid = monotonicFactory(pooledRandom);

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
