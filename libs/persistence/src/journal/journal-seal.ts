import { createHmac } from 'node:crypto';
import { sha256Hex } from '@dxhub/platform';
import type { AuditRow } from '../repositories/audit-row';

/**
 * What an event's seal covers: every stored field but its sequence number (which the database assigns), with
 * the time as ISO 8601 text (UTC, milliseconds) and, instead of the stored message, its SHA-256 (hex), so
 * that the seal covers the message exactly as stored.
 */
export type SealedFields = Omit<AuditRow, 'at' | 'messageEnc' | 'seal'> & { at: string; messageHash: string };

/** The chain's first `prevHash`. */
export const GENESIS_HASH = '0'.repeat(64);

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
