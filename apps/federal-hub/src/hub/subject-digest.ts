import { createHash } from 'node:crypto';

/**
 * Deterministic figures for a synthetic person: the same key (and salt) always gives the same
 * numbers, so every answer of the simulated population is a pure function of the request.
 */
export class SubjectDigest {
  private readonly bytes: Buffer;

  constructor(key: string, salt: string) {
    this.bytes = createHash('sha256').update(`${salt}\n${key}`).digest();
  }

  /** An integer in [0, modulo) from the `slot`-th 32-bit word of the digest (slots 0-7). */
  int(slot: number, modulo: number): number {
    return this.bytes.readUInt32BE((slot % 8) * 4) % modulo;
  }
}
