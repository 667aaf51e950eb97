import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import { createRedis } from '@dxhub/messaging';
import { RATE_WINDOW_MS, RateLimiter } from './rate-limiter';

// Against the real Redis (REDIS_URL = db 1, prefix dxhub-test). Two limiters on two connections play two
// gateway instances. Credential ids are fresh per test, so nothing is flushed.

const prefix = process.env.REDIS_PREFIX!;
const connections: Redis[] = [];
let clock = 0;
const now = () => clock;

/** A limiter on its own producer connection (as in the gateway: no offline queue), once connected. */
async function instance(perMinute: number): Promise<RateLimiter> {
  const redis = createRedis(process.env.REDIS_URL!, 'producer', 'dxhub-rate-limit-integration');
  connections.push(redis);
  await new Promise((resolve) => redis.once('ready', resolve));
  return new RateLimiter(redis, { perMinute, redisPrefix: prefix }, now);
}

const credential = () => `cred_${randomBytes(6).toString('hex')}`;

async function send(limiters: RateLimiter[], id: string, count: number) {
  const decisions = [];
  for (let i = 0; i < count; i++) decisions.push(await limiters[i % limiters.length].check(id));
  return decisions;
}

beforeEach(() => {
  clock = Math.floor(Date.now() / RATE_WINDOW_MS) * RATE_WINDOW_MS + 10_000; // 10 s into a window
});

afterAll(async () => {
  for (const redis of connections) redis.disconnect();
});

describe('RateLimiter against Redis', () => {
  it('shares one count per credential between instances, and leaves other credentials alone', async () => {
    const [a, b] = [await instance(5), await instance(5)];
    const id = credential();
    const decisions = await send([a, b], id, 7);
    expect(decisions.slice(0, 5)).toEqual(Array(5).fill({ allowed: true }));
    // 5 used 10 s in: 50 s to the window's edge, then 12 s for their weight to fall below 4.
    expect(decisions.slice(5)).toEqual([
      { allowed: false, retryAfterSeconds: 62 },
      { allowed: false, retryAfterSeconds: 62 },
    ]);
    expect(await b.check(credential())).toEqual({ allowed: true });

    // Refused requests were not counted; the key lives for two windows, under the hub's prefix.
    const key = `{${prefix}}:rate:${id}:${Math.floor(clock / RATE_WINDOW_MS)}`;
    const redis = connections[0];
    expect(await redis.get(key)).toBe('5');
    expect(await redis.pttl(key)).toBeGreaterThan(RATE_WINDOW_MS);
  });

  it('counts requests that arrive together exactly: as many as fit go through, from every instance', async () => {
    const [a, b] = [await instance(5), await instance(5)];
    const id = credential();
    const other = credential();
    const decisions = await Promise.all([...Array(8)].map((_, i) => [a, b][i % 2].check(i === 7 ? other : id)));
    expect(decisions.slice(0, 7).filter((d) => d.allowed)).toHaveLength(5);
    expect(decisions.slice(0, 7).filter((d) => !d.allowed)).toEqual(Array(2).fill({ allowed: false, retryAfterSeconds: 62 }));
    expect(decisions[7]).toEqual({ allowed: true });
    expect(await connections[0].get(`{${prefix}}:rate:${id}:${Math.floor(clock / RATE_WINDOW_MS)}`)).toBe('5');
  });

  it('slides: the previous window still counts, less as the new one goes on', async () => {
    const limiter = await instance(10);
    const id = credential();
    expect((await send([limiter], id, 10)).every((d) => d.allowed)).toBe(true);

    clock += RATE_WINDOW_MS - 10_000 + 30_000; // 30 s into the next window: the 10 weigh 5
    const decisions = await send([limiter], id, 6);
    expect(decisions.slice(0, 5)).toEqual(Array(5).fill({ allowed: true }));
    // 10 * (30 - t) / 60 + 5 <= 9 needs t >= 6 s.
    expect(decisions[5]).toEqual({ allowed: false, retryAfterSeconds: 6 });

    clock += 6_000;
    expect(await limiter.check(id)).toEqual({ allowed: true });
  });

  it('never lets more than the limit through when instances take requests ahead, and refuses at most what they hold', async () => {
    // 1,000 a minute: each instance takes one request ahead of the one that asks.
    const [a, b] = [await instance(1000), await instance(1000)];
    const id = credential();
    const decisions = await send([a, b], id, 1010);
    const allowed = decisions.filter((d) => d.allowed).length;
    expect(allowed).toBeLessThanOrEqual(1000);
    expect(allowed).toBeGreaterThanOrEqual(998);
    expect(Number(await connections[0].get(`{${prefix}}:rate:${id}:${Math.floor(clock / RATE_WINDOW_MS)}`))).toBe(1000);
  });

  it('lets every request through while Redis is unreachable, with one warning', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const redis = createRedis('redis://127.0.0.1:1/1', 'producer', 'dxhub-rate-limit-integration');
    connections.push(redis);
    const limiter = new RateLimiter(redis, { perMinute: 1, redisPrefix: prefix }, now);
    const id = credential();
    expect(await send([limiter], id, 3)).toEqual(Array(3).fill({ allowed: true }));
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
  });
});
