import { randomBytes, timingSafeEqual } from 'node:crypto';
import { sha256Hex } from '@dxhub/platform';

// API keys are 256 random bits, so a fast hash (SHA-256) is as safe as a slow one and keeps the
// per-request lookup cheap. The key itself is shown once and never stored.
const KEY_PREFIX = 'dxh_';

export function generateApiKey(): { key: string; hash: string; prefix: string } {
  const key = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { key, hash: hashApiKey(key), prefix: key.slice(0, 10) };
}

export function hashApiKey(key: string): string {
  return sha256Hex(key);
}

/** Whether two key hashes are the same, compared in constant time (hashes have one length, so it tells nothing). */
export function sameKeyHash(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
