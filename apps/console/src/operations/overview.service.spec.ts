import { minuteBuckets } from './overview.service';

describe('minuteBuckets', () => {
  it('gives 60 one-minute buckets ending with the current minute, zeros where no call was made', () => {
    const now = Date.parse('2026-01-01T12:30:45Z');
    const current = Date.parse('2026-01-01T12:30:00Z');
    const buckets = minuteBuckets(
      {
        lastHourByMinute: [
          { source: 'ssa', minute: current, calls: 5, failures: 1 },
          { source: 'ssa', minute: current - 59 * 60_000, calls: 2, failures: 0 },
          { source: 'dhs', minute: current, calls: 9, failures: 9 },
        ],
      },
      'ssa',
      now,
    );
    expect(buckets).toHaveLength(60);
    expect(buckets[0]).toEqual({ at: '2026-01-01T11:31:00.000Z', calls: 2, failures: 0 });
    expect(buckets[59]).toEqual({ at: '2026-01-01T12:30:00.000Z', calls: 5, failures: 1 });
    expect(buckets.slice(1, 59).every((b) => b.calls === 0 && b.failures === 0)).toBe(true);
  });
});
