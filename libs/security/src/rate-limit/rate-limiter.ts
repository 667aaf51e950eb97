import { Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import { Coalescer } from '@dxhub/platform';
import { retryAfterSeconds, windowPosition } from './sliding-window';

export const RATE_WINDOW_MS = 60_000;
/** A Redis that hangs (rather than refusing) must not hold requests up for longer than this. */
const REDIS_TIMEOUT_MS = 500;
const WARN_EVERY_MS = 60_000;

export interface RateLimitOptions {
  /** Requests per credential per minute; 0 turns limiting off. */
  perMinute: number;
  /** The hub's REDIS_PREFIX: keys are `{<prefix>}:rate:<credentialId>:<window>`, in the hub's hash slot. */
  redisPrefix: string;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

// One round trip for every check waiting (Coalescer), atomic across every gateway and console instance. For
// each credential in turn: read both windows, let through as many of its n requests as fit, count only those
// (a refused request must not push the key's own Retry-After further out) and keep the key for two windows
// (it is the "previous" one during the next window). The rule is sliding-window.ts's: the k-th of the n is
// allowed while previous * previousWeight + current + k < limit.
// KEYS: each credential's current and previous window; ARGV: limit, previous weight, ttl, then each one's n.
const SCRIPT = `
local limit = tonumber(ARGV[1])
local weight = tonumber(ARGV[2])
local out = {}
for i = 1, #KEYS, 2 do
  local n = tonumber(ARGV[3 + (i + 1) / 2])
  local current = tonumber(redis.call('GET', KEYS[i]) or '0')
  local previous = tonumber(redis.call('GET', KEYS[i + 1]) or '0')
  local allowed = math.min(n, math.max(0, math.ceil(limit - (previous * weight + current))))
  if allowed > 0 then
    current = redis.call('INCRBY', KEYS[i], allowed)
    if current == allowed then redis.call('PEXPIRE', KEYS[i], ARGV[3]) end
  end
  out[#out + 1] = allowed
  out[#out + 1] = current
  out[#out + 1] = previous
end
return out
`;

type RateCommand = (keyCount: number, ...keysAndArgs: (string | number)[]) => Promise<number[]>;

/** Per-credential request limit, counted in Redis so that every instance of the hub shares the counts. */
export class RateLimiter {
  private readonly logger = new Logger('RateLimiter');
  private lastWarningAt = -Infinity;
  private readonly checks = new Coalescer<string, RateDecision>((credentialIds) => this.checkAll(credentialIds), null);
  private readonly rateScript: RateCommand;

  constructor(
    redis: Redis,
    private readonly options: RateLimitOptions,
    private readonly now: () => number = Date.now,
  ) {
    redis.defineCommand('dxhubRateLimit', { lua: SCRIPT });
    this.rateScript = (redis as unknown as { dxhubRateLimit: RateCommand }).dxhubRateLimit.bind(redis);
  }

  check(credentialId: string): Promise<RateDecision> {
    return this.checks.call(credentialId);
  }

  /** One decision per id, in order; an id that comes n times is counted n times, the first ones allowed first. */
  private async checkAll(credentialIds: string[]): Promise<RateDecision[]> {
    const limit = this.options.perMinute;
    const position = windowPosition(this.now(), RATE_WINDOW_MS);
    const counts = new Map<string, number>();
    for (const id of credentialIds) counts.set(id, (counts.get(id) ?? 0) + 1);
    const ids = [...counts.keys()];
    const key = (id: string, index: number) => `{${this.options.redisPrefix}}:rate:${id}:${index}`;
    const keys = ids.flatMap((id) => [key(id, position.index), key(id, position.index - 1)]);
    let reply: number[];
    try {
      reply = await withTimeout(this.rateScript(keys.length, ...keys, limit, position.previousWeight, 2 * RATE_WINDOW_MS, ...counts.values()));
    } catch (error) {
      // Availability over throttling: with Redis unreachable the request goes through unlimited, and the
      // outage is logged (at most once a minute, not once per request).
      this.warn(error as Error);
      return credentialIds.map(() => ({ allowed: true }));
    }
    const left = new Map(ids.map((id, i) => [id, { allowed: reply[3 * i], current: reply[3 * i + 1], previous: reply[3 * i + 2] }]));
    return credentialIds.map((id) => {
      const counted = left.get(id)!;
      if (counted.allowed-- > 0) return { allowed: true };
      return { allowed: false, retryAfterSeconds: retryAfterSeconds(limit, counted.current, counted.previous, position, RATE_WINDOW_MS) };
    });
  }

  private warn(error: Error): void {
    const now = this.now();
    if (now - this.lastWarningAt < WARN_EVERY_MS) return;
    this.lastWarningAt = now;
    this.logger.warn(`rate limits not enforced: Redis did not answer (${error.message}); requests are let through`);
  }
}

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${REDIS_TIMEOUT_MS} ms`)), REDIS_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
