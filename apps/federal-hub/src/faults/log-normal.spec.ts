import { logNormalLatency, normalQuantile } from './log-normal';

describe('normalQuantile', () => {
  it.each([
    [0.5, 0],
    [0.99, 2.3263478740408408],
    [0.01, -2.3263478740408408],
    [0.975, 1.959963984540054],
    [0.001, -3.090232306167813],
  ])('Φ⁻¹(%p) ≈ %p', (p, z) => {
    expect(normalQuantile(p)).toBeCloseTo(z, 7);
  });

  it('is infinite at the ends', () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
  });
});

describe('logNormalLatency', () => {
  const latency = { p50: 100, p99: 1000 };

  it('hits the configured percentiles', () => {
    expect(logNormalLatency(latency, 0.5)).toBeCloseTo(100, 6);
    expect(logNormalLatency(latency, 0.99)).toBeCloseTo(1000, 4);
    expect(logNormalLatency(latency, 0.9)).toBeGreaterThan(100);
    expect(logNormalLatency(latency, 0.9)).toBeLessThan(1000);
  });

  it('is constant when p99 equals p50, and zero when p50 is zero', () => {
    expect(logNormalLatency({ p50: 40, p99: 40 }, 0.999)).toBeCloseTo(40, 9);
    expect(logNormalLatency({ p50: 0, p99: 10 }, 0.7)).toBe(0);
  });

  it('never goes negative, even for u = 0', () => {
    expect(logNormalLatency(latency, 0)).toBe(0);
  });
});
