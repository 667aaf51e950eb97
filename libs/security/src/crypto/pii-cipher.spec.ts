import { randomBytes } from 'node:crypto';
import { BlindIndex, envelopeKeyId, PiiCipher, piiKeyFromBase64 } from './pii-cipher';

const key = () => piiKeyFromBase64(randomBytes(32).toString('base64'));

describe('PiiCipher', () => {
  it('round-trips and never shows the plaintext', () => {
    const cipher = new PiiCipher(key());
    const envelope = cipher.encrypt('123-45-6789');
    expect(envelope).not.toContain('6789');
    expect(envelope.startsWith(`v1.${cipher.currentKeyId}.`)).toBe(true);
    expect(cipher.decrypt(envelope)).toBe('123-45-6789');
  });

  it('uses a fresh IV each time', () => {
    const cipher = new PiiCipher(key());
    expect(cipher.encrypt('same')).not.toBe(cipher.encrypt('same'));
  });

  it('detects tampering', () => {
    const cipher = new PiiCipher(key());
    const parts = cipher.encrypt('secret value').split('.');
    parts[4] = Buffer.from('tampered value').toString('base64url');
    expect(() => cipher.decrypt(parts.join('.'))).toThrow();
  });

  it('decrypts with a previous key after rotation, and refuses unknown keys', () => {
    const oldKey = key();
    const envelope = new PiiCipher(oldKey).encrypt('x');
    expect(new PiiCipher(key(), [oldKey]).decrypt(envelope)).toBe('x');
    expect(() => new PiiCipher(key()).decrypt(envelope)).toThrow(/not configured/);
  });

  it('re-encrypts a value under the current key, and refuses one whose key is not configured', () => {
    const [oldKey, newKey] = [key(), key()];
    const envelope = new PiiCipher(oldKey).encrypt('123-45-6789');
    const rotated = new PiiCipher(newKey, [oldKey]);
    const fresh = rotated.reencrypt(envelope);
    expect(envelopeKeyId(envelope)).toBe(oldKey.id);
    expect(envelopeKeyId(fresh)).toBe(rotated.currentKeyId);
    expect(new PiiCipher(newKey).decrypt(fresh)).toBe('123-45-6789');
    expect(rotated.hasKey(oldKey.id)).toBe(true);
    expect(() => new PiiCipher(key()).reencrypt(envelope)).toThrow(new RegExp(`PII key ${oldKey.id} is not configured`));
  });

  it('encrypts bytes as they are under their own version, and keeps it when re-encrypting', () => {
    const [oldKey, newKey] = [key(), key()];
    const bytes = Buffer.from([0, 255, 1, 128, 10]); // not UTF-8: a text round trip would mangle it
    const envelope = new PiiCipher(oldKey).encryptBytes(bytes);
    expect(envelope.startsWith(`b1.${oldKey.id}.`)).toBe(true);
    expect(PiiCipher.holdsBytes(envelope)).toBe(true);
    expect(PiiCipher.holdsBytes(new PiiCipher(oldKey).encrypt('text'))).toBe(false);
    const fresh = new PiiCipher(newKey, [oldKey]).reencrypt(envelope);
    expect(fresh.startsWith(`b1.${newKey.id}.`)).toBe(true);
    expect(new PiiCipher(newKey).decryptBytes(fresh)).toEqual(bytes);
  });

  it('rejects keys of the wrong size with advice', () => {
    expect(() => piiKeyFromBase64('c2hvcnQ=')).toThrow(/32 bytes/);
  });
});

describe('BlindIndex', () => {
  it('is deterministic per key and differs across keys', () => {
    const k = key();
    expect(BlindIndex.derivedFrom(k).of('123456789')).toBe(BlindIndex.derivedFrom(k).of('123456789'));
    expect(BlindIndex.derivedFrom(key()).of('123456789')).not.toBe(BlindIndex.derivedFrom(k).of('123456789'));
  });
});
