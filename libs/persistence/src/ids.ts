import { monotonicFactory } from 'ulid';

const ulid = monotonicFactory();

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
