import { hash } from 'node:crypto';

/**
 * SHA-256 in hex, one-shot: `crypto.hash` skips the Hash object that `createHash().update().digest()` builds,
 * about three times faster for the short inputs hashed on every request (keys, seals, message digests).
 */
export function sha256Hex(data: string | Buffer): string {
  return hash('sha256', data, 'hex');
}
