import { pooledRandomBytes, pooledRandomFraction } from './random-pool';

describe('pooled randomness', () => {
  it('hands out bytes of the requested size, never the same draw twice, across refills', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const bytes = pooledRandomBytes(12); // 24,000 bytes: several refills of the 4 KB pool
      expect(bytes).toHaveLength(12);
      seen.add(bytes.toString('hex'));
    }
    expect(seen.size).toBe(2000);
  });

  it('returns a copy that a later refill does not change', () => {
    const first = pooledRandomBytes(16);
    const kept = Buffer.from(first);
    for (let i = 0; i < 1000; i++) pooledRandomBytes(16);
    expect(first.equals(kept)).toBe(true);
  });

  it('gives fractions in [0, 1) spread over the range', () => {
    const values = Array.from({ length: 5000 }, () => pooledRandomFraction());
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(Math.min(...values)).toBeLessThan(0.05);
    expect(Math.max(...values)).toBeGreaterThan(0.95);
  });
});
