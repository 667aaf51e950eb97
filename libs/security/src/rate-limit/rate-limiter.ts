import { Logger } from '@nestjs/common';
import type Redis from 'ioredis';
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

// One round trip, atomic across every gateway and console instance: read both windows, refuse without
// counting (a refused request must not push the key's own Retry-After further out), or count and keep the
// key for two windows (it is the "previous" one during the next window). The rule is sliding-window.ts's:
// allowed while previous * previousWeight + current < limit.
const SCRIPT = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local previous = tonumber(redis.call('GET', KEYS[2]) or '0')
if previous * tonumber(ARGV[2]) + current >= tonumber(ARGV[1]) then return {0, current, previous} end
current = redis.call('INCR', KEYS[1])
if current == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
return {1, current, previous}
`;

type RateCommand = (current: string, previous: string, limit: number, weight: number, ttlMs: number) => Promise<[number, number, number]>;

/** Per-credential request limit, counted in Redis so that every instance of the hub shares the counts. */
export class RateLimiter {
  private readonly logger = new Logger('RateLimiter');
  private lastWarningAt = -Infinity;

  constructor(
    private readonly redis: Redis,
    private readonly options: RateLimitOptions,
    private readonly now: () => number = Date.now,
  ) {
    redis.defineCommand('dxhubRateLimit', { numberOfKeys: 2, lua: SCRIPT });
  }

  async check(credentialId: string): Promise<RateDecision> {
    const limit = this.options.perMinute;
    const position = windowPosition(this.now(), RATE_WINDOW_MS);
    const key = (index: number) => `{${this.options.redisPrefix}}:rate:${credentialId}:${index}`;
    const command = (this.redis as unknown as { dxhubRateLimit: RateCommand }).dxhubRateLimit.bind(this.redis);
    let reply: [number, number, number];
    try {
      reply = await withTimeout(command(key(position.index), key(position.index - 1), limit, position.previousWeight, 2 * RATE_WINDOW_MS));
    } catch (error) {
      // Availability over throttling: with Redis unreachable the request goes through unlimited, and the
      // outage is logged (at most once a minute, not once per request).
      this.warn(error as Error);
      return { allowed: true };
    }
    const [allowed, current, previous] = reply;
    if (allowed === 1) return { allowed: true };
    return { allowed: false, retryAfterSeconds: retryAfterSeconds(limit, current, previous, position, RATE_WINDOW_MS) };
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
