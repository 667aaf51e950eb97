import { Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import { RateLimiter } from './rate-limiter';

/** A connection whose script replies are scripted by the test; records the keys and arguments it got. */
function fakeRedis(reply: () => Promise<number[]>) {
  const calls: unknown[][] = [];
  const redis = {
    defineCommand: jest.fn(),
    dxhubRateLimit: (...args: unknown[]) => {
      calls.push(args);
      return reply();
    },
  };
  return { redis: redis as unknown as Redis, calls };
}

describe('RateLimiter', () => {
  let clock = 0;
  const now = () => clock;
  let warn: jest.SpyInstance;

  beforeEach(() => {
    clock = 1000 * 60_000 + 15_000; // 15 s into window 1000
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => warn.mockRestore());

  it('counts under the hub prefix, per credential and window, keeping keys for two windows', async () => {
    const { redis, calls } = fakeRedis(async () => [1, 1, 0]);
    const limiter = new RateLimiter(redis, { perMinute: 600, redisPrefix: 'dxhub' }, now);
    expect(await limiter.check('cred_1')).toEqual({ allowed: true });
    expect(calls).toEqual([[2, '{dxhub}:rate:cred_1:1000', '{dxhub}:rate:cred_1:999', 600, 0.75, 120_000, 1]]);
  });

  it('refuses with the seconds to wait', async () => {
    const { redis } = fakeRedis(async () => [0, 5, 0]);
    const limiter = new RateLimiter(redis, { perMinute: 5, redisPrefix: 'dxhub' }, now);
    expect(await limiter.check('cred_1')).toEqual({ allowed: false, retryAfterSeconds: 57 });
  });

  it('asks once for every check waiting: each credential with its count, the first ones let through first', async () => {
    // cred_1 sent 3 and 2 fit (5 counted now); cred_2 sent 1, which fits.
    const { redis, calls } = fakeRedis(async () => [2, 5, 0, 1, 1, 0]);
    const limiter = new RateLimiter(redis, { perMinute: 5, redisPrefix: 'dxhub' }, now);
    const decisions = await Promise.all(['cred_1', 'cred_2', 'cred_1', 'cred_1'].map((id) => limiter.check(id)));
    expect(calls).toEqual([
      [4, '{dxhub}:rate:cred_1:1000', '{dxhub}:rate:cred_1:999', '{dxhub}:rate:cred_2:1000', '{dxhub}:rate:cred_2:999', 5, 0.75, 120_000, 3, 1],
    ]);
    expect(decisions).toEqual([{ allowed: true }, { allowed: true }, { allowed: true }, { allowed: false, retryAfterSeconds: 57 }]);
  });

  describe('with a limit of 1,000 a minute or more', () => {
    it('takes a thousandth of it ahead, and lets that many through without asking again', async () => {
      const { redis, calls } = fakeRedis(async () => [61, 61, 0]);
      const limiter = new RateLimiter(redis, { perMinute: 60_000, redisPrefix: 'dxhub' }, now);
      const decisions = [];
      for (let i = 0; i < 61; i++) decisions.push(await limiter.check('cred_1'));
      expect(decisions).toEqual(Array(61).fill({ allowed: true }));
      expect(calls).toHaveLength(1);
      expect(calls[0].slice(-1)).toEqual([61]); // the one request and 60 ahead
      await limiter.check('cred_1');
      expect(calls).toHaveLength(2);
    });

    it('holds only what Redis let through beyond the requests that asked, and only for that window', async () => {
      const { redis, calls } = fakeRedis(async () => [3, 59_990, 0]);
      const limiter = new RateLimiter(redis, { perMinute: 60_000, redisPrefix: 'dxhub' }, now);
      for (let i = 0; i < 3; i++) expect(await limiter.check('cred_1')).toEqual({ allowed: true });
      expect(calls).toHaveLength(1);
      await limiter.check('cred_1');
      expect(calls).toHaveLength(2); // the 2 held ran out

      clock += 60_000; // the next window: what was held for the last one is dropped
      await limiter.check('cred_1');
      expect(calls).toHaveLength(3);
      expect(calls[2][1]).toBe('{dxhub}:rate:cred_1:1001');
    });

    it('still refuses, with the seconds to wait, when Redis lets fewer through than asked', async () => {
      const { redis } = fakeRedis(async () => [1, 60_000, 0]);
      const limiter = new RateLimiter(redis, { perMinute: 60_000, redisPrefix: 'dxhub' }, now);
      const decisions = await Promise.all([limiter.check('cred_1'), limiter.check('cred_1')]);
      expect(decisions).toEqual([{ allowed: true }, { allowed: false, retryAfterSeconds: 46 }]);
      // Nothing left over to hold: the next request asks again.
      expect(await limiter.check('cred_1')).toEqual({ allowed: true });
    });
  });

  it('lets requests through when Redis fails or hangs, warning at most once a minute', async () => {
    let fail: () => Promise<number[]> = () => Promise.reject(new Error('Connection is closed.'));
    const { redis } = fakeRedis(() => fail());
    const limiter = new RateLimiter(redis, { perMinute: 5, redisPrefix: 'dxhub' }, now);
    expect(await limiter.check('cred_1')).toEqual({ allowed: true });
    clock += 30_000;
    fail = () => new Promise(() => undefined); // never answers
    expect(await limiter.check('cred_1')).toEqual({ allowed: true });
    expect(warn).toHaveBeenCalledTimes(1);
    clock += 30_000;
    expect(await limiter.check('cred_1')).toEqual({ allowed: true });
    expect(warn).toHaveBeenCalledTimes(2);
  });
});
