import { createHash, createHmac } from 'node:crypto';

/** What an event's seal covers: every stored field but its sequence number (which the database assigns). */
export interface SealedFields {
  id: string;
  /** ISO 8601 in UTC with milliseconds, as `Date.prototype.toISOString` writes it. */
  at: string;
  kind: string;
  exchangeId: string | null;
  verificationId: string | null;
  actor: string;
  correlationId: string | null;
  digest: string;
  /** SHA-256 (hex) of the stored `message_enc` text: the seal covers the message exactly as stored. */
  messageHash: string;
  fti: boolean;
  meta: string | null;
}

/** The chain's first `prevHash`. */
export const GENESIS_HASH = '0'.repeat(64);

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * The writer's seal: HMAC-SHA256, keyed with AUDIT_SEAL_KEY (which the database never holds), over the canonical
 * form of the event. Someone who can write to the database but does not hold the key cannot make a row that
 * passes as the hub's: an altered, forged or copied-with-a-new-id event fails its seal.
 */
export function sealOf(key: Buffer, e: SealedFields): string {
  const canonical = JSON.stringify([
    1,
    e.id,
    e.at,
    e.kind,
    e.exchangeId,
    e.verificationId,
    e.actor,
    e.correlationId,
    e.digest,
    e.messageHash,
    e.fti,
    e.meta,
  ]);
  return createHmac('sha256', key).update(canonical, 'utf8').digest('hex');
}

/** A chain link: SHA-256 over the previous link, the event's sequence number and its seal. */
export function chainHash(prevHash: string, seq: string, seal: string): string {
  return sha256Hex(`${prevHash}:${seq}:${seal}`);
}
