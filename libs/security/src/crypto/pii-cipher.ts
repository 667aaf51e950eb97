import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync } from 'node:crypto';
import { pooledRandomBytes } from '@dxhub/platform';

// Envelope for PII and FTI at rest: AES-256-GCM, a fresh 96-bit IV per value, and the key id in the
// envelope so keys can rotate (older ids stay decryptable while they are configured).
// Format: <version>.<keyId>.<iv>.<tag>.<ciphertext>, base64url parts: no PII survives a plain-text dump.
// The version says what the plaintext is: `v1` UTF-8 text, `b1` bytes taken as they are (the audit journal's
// messages). The cipher is the same, so either decrypts to bytes.

const TEXT = 'v1';
const BYTES = 'b1';
const IV_BYTES = 12;

export interface PiiKey {
  id: string;
  key: Buffer;
}

/** Parses a base64 32-byte key; its id is derived from it so no one has to keep the two in step. */
export function piiKeyFromBase64(base64: string): PiiKey {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32) throw new Error('PII_ENCRYPTION_KEY must be 32 bytes, base64-encoded (e.g. `openssl rand -base64 32`)');
  return { id: createHash('sha256').update(key).digest('hex').slice(0, 8), key };
}

export class PiiCipher {
  private readonly keys: Map<string, Buffer>;

  constructor(private readonly current: PiiKey, previous: PiiKey[] = []) {
    this.keys = new Map([current, ...previous].map((k) => [k.id, k.key]));
  }

  get currentKeyId(): string {
    return this.current.id;
  }

  /** Whether envelopes written under this key id can be read (it is the current key or a listed previous one). */
  hasKey(keyId: string): boolean {
    return this.keys.has(keyId);
  }

  /** The same plaintext under the current key (a fresh IV) and version; refuses an envelope whose key is not configured. */
  reencrypt(envelope: string): string {
    return this.seal(PiiCipher.holdsBytes(envelope) ? BYTES : TEXT, this.decryptBytes(envelope));
  }

  /** Whether an envelope holds bytes as they are (`encryptBytes`) rather than text. */
  static holdsBytes(envelope: string): boolean {
    return envelope.startsWith(`${BYTES}.`);
  }

  encrypt(plaintext: string): string {
    return this.seal(TEXT, plaintext);
  }

  /** Bytes as they are: no text encoding in between, so binary or already-encoded data is not inflated. */
  encryptBytes(plaintext: Buffer): string {
    return this.seal(BYTES, plaintext);
  }

  decrypt(envelope: string): string {
    return this.decryptBytes(envelope).toString('utf8');
  }

  /** The plaintext's bytes, from an envelope of either version. */
  decryptBytes(envelope: string): Buffer {
    const [version, keyId, iv, tag, body] = envelope.split('.');
    if ((version !== TEXT && version !== BYTES) || body === undefined) throw new Error('not a PII envelope');
    const key = this.keys.get(keyId);
    if (!key) throw new Error(`PII key ${keyId} is not configured`);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
  }

  /** Text goes to the cipher as it is (encoded as it is read), not copied into a buffer first. */
  private seal(version: string, plaintext: string | Buffer): string {
    const iv = pooledRandomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    const head = typeof plaintext === 'string' ? cipher.update(plaintext, 'utf8') : cipher.update(plaintext);
    const body = Buffer.concat([head, cipher.final()]);
    return `${version}.${this.current.id}.${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${body.toString('base64url')}`;
  }

  encryptJson(value: unknown): string {
    return this.encrypt(JSON.stringify(value));
  }

  decryptJson<T>(envelope: string): T {
    return JSON.parse(this.decrypt(envelope)) as T;
  }
}

/** The id of the key an envelope was written under, read without decrypting it. */
export function envelopeKeyId(envelope: string): string {
  return envelope.split('.')[1] ?? '';
}

/** The blind-index key derived from an encryption key: what `PII_BLIND_INDEX_KEY` must be set to before that key is rotated away. */
export function derivedBlindIndexKey(piiKey: PiiKey): Buffer {
  return Buffer.from(hkdfSync('sha256', piiKey.key, Buffer.alloc(0), 'dxhub blind index v1', 32));
}

/**
 * Keyed hash for exact-match lookups of a PII value (e.g. "find by SSN") without storing it.
 * The key is separate from the encryption key (derived from it by default) so encryption keys can rotate
 * without re-indexing.
 */
export class BlindIndex {
  constructor(private readonly key: Buffer) {}

  static derivedFrom(piiKey: PiiKey): BlindIndex {
    return new BlindIndex(derivedBlindIndexKey(piiKey));
  }

  of(value: string): string {
    return createHmac('sha256', this.key).update(value).digest('base64url');
  }
}
