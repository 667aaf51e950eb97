import { createPrivateKey, createPublicKey, KeyObject } from 'node:crypto';

// Ed25519 keys as 32 raw bytes in base64 (what an operator can generate with `dxhub audit keys generate`),
// wrapped in the fixed DER headers Node's crypto wants.
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');

function raw32(name: string, base64: string): Buffer {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length !== 32) throw new Error(`${name} must be 32 bytes in base64 (it decodes to ${bytes.length})`);
  return bytes;
}

/** AUDIT_SEAL_KEY: the HMAC key every writer seals journal events with. */
export const auditSealKeyFromBase64 = (base64: string): Buffer => raw32('AUDIT_SEAL_KEY', base64);

/** AUDIT_SIGNING_KEY: the Ed25519 seed checkpoints are signed with (the broker's only). */
export function checkpointSigningKey(base64: string): KeyObject {
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, raw32('AUDIT_SIGNING_KEY', base64)]), format: 'der', type: 'pkcs8' });
}

/** AUDIT_CHECKPOINT_PUBLIC_KEY: what verifiers trust checkpoints by. */
export function checkpointPublicKey(base64: string): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519, raw32('AUDIT_CHECKPOINT_PUBLIC_KEY', base64)]), format: 'der', type: 'spki' });
}

/** The raw public half of a key, base64 (how checkpoints name the key that signed them). */
export function rawPublicKey(key: KeyObject): string {
  return (key.type === 'public' ? key : createPublicKey(key)).export({ format: 'der', type: 'spki' }).subarray(SPKI_ED25519.length).toString('base64');
}
