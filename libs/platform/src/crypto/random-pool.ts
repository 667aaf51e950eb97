import { randomFillSync } from 'node:crypto';

// Each call into the kernel's or OpenSSL's generator costs far more than the bytes it returns (a system call,
// locks, reseed checks): the hub's many small draws (an id's 16 characters, a 12-byte IV per encryption, several
// per verification) take the same cryptographic randomness from a refilled pool instead. Every byte is used once.
const pool = Buffer.alloc(4096);
let next = pool.length;

function take(size: number): number {
  if (next + size > pool.length) {
    randomFillSync(pool);
    next = 0;
  }
  const at = next;
  next += size;
  return at;
}

/** `size` cryptographically random bytes (a copy: never shared with a later refill). */
export function pooledRandomBytes(size: number): Buffer {
  const at = take(size);
  return Buffer.from(pool.subarray(at, at + size));
}

/** A random number in [0, 1) with 8 bits of cryptographic randomness (what ulid's generator asks for). */
export function pooledRandomFraction(): number {
  return pool[take(1)] / 256;
}
