import { KeyObject, sign, verify } from 'node:crypto';

/** A signed chain head: proof, held wherever it is exported to, of what the chain was at a moment. */
export interface Checkpoint {
  id: string;
  at: string;
  headPos: string;
  headSeq: string;
  headHash: string;
  /** The signer's Ed25519 public key, base64 (raw 32 bytes). */
  publicKey: string;
  /** Ed25519 signature, base64, over `checkpointMessage`. */
  signature: string;
}

/** The exact bytes a checkpoint's signature covers. */
export function checkpointMessage(c: Pick<Checkpoint, 'at' | 'headPos' | 'headSeq' | 'headHash'>): Buffer {
  return Buffer.from(`dxhub-audit-checkpoint:v1:${c.headPos}:${c.headSeq}:${c.headHash}:${c.at}`, 'utf8');
}

export function signCheckpoint(c: Pick<Checkpoint, 'at' | 'headPos' | 'headSeq' | 'headHash'>, key: KeyObject): string {
  return sign(null, checkpointMessage(c), key).toString('base64');
}

export function checkpointSignatureValid(c: Checkpoint, trusted: KeyObject): boolean {
  try {
    return verify(null, checkpointMessage(c), trusted, Buffer.from(c.signature, 'base64'));
  } catch {
    return false;
  }
}
