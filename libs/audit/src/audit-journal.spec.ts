import { randomBytes } from 'node:crypto';
import { sealOf } from '@dxhub/persistence';
import { sha256Hex } from '@dxhub/platform';
import { PiiCipher, piiKeyFromBase64 } from '@dxhub/security';
import { AuditJournal } from './audit-journal';

const cipher = new PiiCipher(piiKeyFromBase64(randomBytes(32).toString('base64')));
const sealKey = randomBytes(32);
const journal = new AuditJournal(cipher, sealKey);
const event = { kind: 'federal.request' as const, exchangeId: 'ex_a', verificationId: 'ver_a', actor: 'system', correlationId: 'c-1' };

describe('AuditJournal', () => {
  it('keeps the exact bytes of a message encrypted, their digest, and a seal over every field', () => {
    const message = '{"ssn":"123456789", "spaced": true}';
    const row = journal.prepare({ ...event, message, meta: { path: '/x' } });
    expect(row.messageEnc).not.toContain('123456789');
    expect(row.digest).toBe(sha256Hex(message));
    expect(journal.readMessage(row.messageEnc)).toBe(message);
    expect(row).toMatchObject({ ...event, fti: false, meta: '{"path":"/x"}' });
    const { at, messageEnc, seal, ...fields } = row;
    expect(seal).toBe(sealOf(sealKey, { ...fields, at: at.toISOString(), messageHash: sha256Hex(messageEnc) }));
  });

  it('serialises a structured record once, and that is what the digest covers', () => {
    const row = journal.prepare({ ...event, message: { action: 'retry', n: 1 }, fti: true });
    expect(journal.readMessage(row.messageEnc)).toBe('{"action":"retry","n":1}');
    expect(row.digest).toBe(sha256Hex('{"action":"retry","n":1}'));
    expect(row.fti).toBe(true);
  });

  it('reads events written before messages were encrypted as bytes (their base64 text in a v1 envelope)', () => {
    const legacy = cipher.encrypt(Buffer.from('{"before":true}').toString('base64'));
    expect(legacy.startsWith('v1.')).toBe(true);
    expect(journal.readMessage(legacy)).toBe('{"before":true}');
  });
});
