import { FakeClock } from '../testing/federal-hub-test-app';
import { RateLimiter } from './rate-limiter.service';

describe('RateLimiter', () => {
  it('allows a second\'s worth of calls per source, then tells how long to wait', () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(clock);
    expect([1, 2, 3].map(() => limiter.take('ssa', 3))).toEqual([0, 0, 0]);
    expect(limiter.take('ssa', 3)).toBeCloseTo(1000 / 3, 6);
    expect(limiter.take('irs', 3)).toBe(0);
    clock.advance(334);
    expect(limiter.take('ssa', 3)).toBe(0);
  });

  it('starts a full bucket when the rate changes or after a reset', () => {
    const limiter = new RateLimiter(new FakeClock());
    limiter.take('ssa', 1);
    expect(limiter.take('ssa', 1)).toBeGreaterThan(0);
    expect(limiter.take('ssa', 2)).toBe(0);
    limiter.take('ssa', 2);
    limiter.reset();
    expect(limiter.take('ssa', 2)).toBe(0);
  });
});
