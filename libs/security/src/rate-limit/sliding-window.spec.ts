import { retryAfterSeconds, windowPosition } from './sliding-window';

const MINUTE = 60_000;

describe('windowPosition', () => {
  it('puts every instant of a minute in the same window, the next minute in the next one', () => {
    const start = 29_000_000 * MINUTE;
    expect(windowPosition(start, MINUTE)).toEqual({ index: 29_000_000, elapsedMs: 0, previousWeight: 1 });
    expect(windowPosition(start + 45_000, MINUTE)).toEqual({ index: 29_000_000, elapsedMs: 45_000, previousWeight: 0.25 });
    expect(windowPosition(start + MINUTE - 1, MINUTE).index).toBe(29_000_000);
    expect(windowPosition(start + MINUTE, MINUTE).index).toBe(29_000_001);
  });
});

describe('retryAfterSeconds', () => {
  it('waits for the next window and for this one to weigh less than the limit, when this window alone is full', () => {
    // 5 of 5 used 10 s in: 50 s to the edge, then 5 * (1 - e/60) <= 4 needs e >= 12 s.
    expect(retryAfterSeconds(5, 5, 0, { elapsedMs: 10_000 }, MINUTE)).toBe(62);
    // A limit of 1: the single request must slide out of the window entirely.
    expect(retryAfterSeconds(1, 1, 0, { elapsedMs: 30_000 }, MINUTE)).toBe(90);
  });

  it('waits within the window while the previous window\'s share decays, when that is what fills it', () => {
    // 10 in the previous window, 2 now, limit 10, 15 s in: 10 * (60 - 15 - t) / 60 + 2 <= 9 needs t >= 3 s.
    expect(retryAfterSeconds(10, 2, 10, { elapsedMs: 15_000 }, MINUTE)).toBe(3);
  });

  it('rounds up and never says less than 1 s', () => {
    expect(retryAfterSeconds(10, 2, 10, { elapsedMs: 17_999 }, MINUTE)).toBe(1);
    expect(retryAfterSeconds(10, 2, 10, { elapsedMs: 15_500 }, MINUTE)).toBe(3);
    expect(retryAfterSeconds(10, 0, 10, { elapsedMs: 0 }, MINUTE)).toBe(6);
  });
});
