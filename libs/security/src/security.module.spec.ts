import { randomBytes } from 'node:crypto';
import { PiiCipher, piiKeyFromBase64 } from './crypto/pii-cipher';
import { piiCipherFrom } from './security.module';

const base64Key = () => randomBytes(32).toString('base64');

describe('piiCipherFrom', () => {
  const [oldA, oldB, current, blindIndexKey] = [base64Key(), base64Key(), base64Key(), base64Key()];

  it('writes with the current key and reads every previous one', () => {
    const { cipher } = piiCipherFrom({ piiEncryptionKey: current, piiEncryptionKeysPrevious: ` ${oldA}, ${oldB},`, blindIndexKey });
    expect(cipher.currentKeyId).toBe(piiKeyFromBase64(current).id);
    for (const old of [oldA, oldB]) expect(cipher.decrypt(new PiiCipher(piiKeyFromBase64(old)).encrypt('x'))).toBe('x');
  });

  it('refuses previous keys without an explicit blind-index key (SSN look-ups would stop matching)', () => {
    expect(() => piiCipherFrom({ piiEncryptionKey: current, piiEncryptionKeysPrevious: oldA })).toThrow(/PII_BLIND_INDEX_KEY/);
  });

  it('names the variable when a previous key is malformed', () => {
    expect(() => piiCipherFrom({ piiEncryptionKey: current, piiEncryptionKeysPrevious: `${oldA},c2hvcnQ=`, blindIndexKey })).toThrow(
      /PII_ENCRYPTION_KEYS_PREVIOUS: key 2/,
    );
  });
});
