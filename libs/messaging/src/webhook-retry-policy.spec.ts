import { DEFAULT_WEBHOOK_RETRY, delayAfterAttempt, WEBHOOK_MAX_ATTEMPTS, webhookAttempts, webhookRetryDelays } from './webhook-retry-policy';

describe('webhook retry policy', () => {
  const seconds = (ms: number[]) => ms.map((d) => d / 1000);
  const sum = (ms: number[]) => ms.reduce((a, b) => a + b, 0);

  it('by default retries after 10 s, 30 s and 60 s, then minutes, then hours, within 24 h', () => {
    const delays = webhookRetryDelays(DEFAULT_WEBHOOK_RETRY);
    expect(seconds(delays)).toEqual([10, 30, 60, 300, 900, 1800, 3600, 7200, 14_400, 28_800, 28_800]);
    expect(sum(delays)).toBeLessThanOrEqual(DEFAULT_WEBHOOK_RETRY.horizonMs);
    expect(webhookAttempts(DEFAULT_WEBHOOK_RETRY)).toBe(12);
  });

  it('puts the first three attempts within 2 minutes with the defaults (CONTRACT)', () => {
    const [first, second] = webhookRetryDelays(DEFAULT_WEBHOOK_RETRY);
    expect(first + second).toBeLessThan(120_000);
  });

  it('grows every delay, never shrinks one', () => {
    const delays = webhookRetryDelays(DEFAULT_WEBHOOK_RETRY);
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThanOrEqual(delays[i - 1]);
  });

  it('scales with the base delay and stops at the horizon', () => {
    expect(webhookRetryDelays({ baseMs: 100, horizonMs: 1000 })).toEqual([100, 300, 600]);
    expect(webhookRetryDelays({ baseMs: 100, horizonMs: 99 })).toEqual([]);
    expect(webhookAttempts({ baseMs: 100, horizonMs: 99 })).toBe(1);
  });

  it('waits, after the n-th attempt, the n-th delay, and the last one once the schedule has run out', () => {
    const delays = webhookRetryDelays({ baseMs: 100, horizonMs: 1000 });
    expect([1, 2, 3, 4].map((n) => delayAfterAttempt(delays, n))).toEqual([100, 300, 600, 600]);
    expect(delayAfterAttempt([], 1)).toBe(0);
  });

  it('never asks for more attempts than the job allows', () => {
    expect(webhookAttempts({ baseMs: 1, horizonMs: 365 * 24 * 3600_000 })).toBe(WEBHOOK_MAX_ATTEMPTS);
  });
});
