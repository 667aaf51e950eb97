import { Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import { Coalescer } from '@dxhub/platform';
import { retryAfterSeconds, windowPosition } from './sliding-window';

export const RATE_WINDOW_MS = 60_000;
/**
 * An instance may take up to this share of a credential's limit from Redis ahead of its requests, and let
 * them through without asking again (60 of the default 60,000 a minute). Asking once per request cost a
 * Redis round trip on every request's path: 5-6 ms of the accept p50 at 234/s on the bench's host, and 1 % of
 * the hub's CPU (docs/scaling.md). What an instance holds is counted in Redis when taken, so a credential is
 * never let through more than its limit; at worst it is refused this share early for each instance holding
 * some. Limits under 1,000 a minute take nothing ahead and are counted exactly.
 */
const AHEAD_SHARE = 1 / 1000;
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

const ALLOWED: RateDecision = { allowed: true };

/**
 * Per-credential request limit, counted in Redis so that every instance of the hub shares the counts. Requests
 * taken ahead (AHEAD_SHARE) are held per credential for the window they were counted in, and dropped with it.
 */
export class RateLimiter {
  private readonly logger = new Logger('RateLimiter');
  private lastWarningAt = -Infinity;
  private readonly checks = new Coalescer<string, RateDecision>((credentialIds) => this.checkAll(credentialIds), null);
  private readonly rateScript: RateCommand;
  private readonly ahead: number;
  private readonly held = new Map<string, { window: number; left: number }>();

  constructor(
    redis: Redis,
    private readonly options: RateLimitOptions,
    private readonly now: () => number = Date.now,
  ) {
    redis.defineCommand('dxhubRateLimit', { lua: SCRIPT });
    this.rateScript = (redis as unknown as { dxhubRateLimit: RateCommand }).dxhubRateLimit.bind(redis);
    this.ahead = Math.floor(options.perMinute * AHEAD_SHARE);
  }

  check(credentialId: string): Promise<RateDecision> {
    if (this.takeHeld(credentialId, windowPosition(this.now(), RATE_WINDOW_MS).index)) return Promise.resolve(ALLOWED);
    return this.checks.call(credentialId);
  }

  /** Lets one request through on what this instance holds for the credential in this window, if anything. */
  private takeHeld(credentialId: string, window: number): boolean {
    const held = this.held.get(credentialId);
    if (!held || held.left === 0) return false;
    if (held.window !== window) {
      this.held.delete(credentialId);
      return false;
    }
    held.left--;
    return true;
  }

  /** One decision per id, in order; an id that comes n times is counted n times, the first ones allowed first. */
  private async checkAll(credentialIds: string[]): Promise<RateDecision[]> {
    const limit = this.options.perMinute;
    const position = windowPosition(this.now(), RATE_WINDOW_MS);
    // What an earlier batch's answer left held may cover checks that were already waiting for this one; the
    // rest are counted per credential for Redis.
    const decisions: (RateDecision | undefined)[] = [];
    const counts = new Map<string, number>();
    for (const id of credentialIds) {
      const held = this.takeHeld(id, position.index);
      decisions.push(held ? ALLOWED : undefined);
      if (!held) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    if (!counts.size) return decisions as RateDecision[];
    const ids = [...counts.keys()];
    const key = (id: string, index: number) => `{${this.options.redisPrefix}}:rate:${id}:${index}`;
    const keys = ids.flatMap((id) => [key(id, position.index), key(id, position.index - 1)]);
    const asked = [...counts.values()].map((n) => n + this.ahead);
    let reply: number[];
    try {
      reply = await withTimeout(this.rateScript(keys.length, ...keys, limit, position.previousWeight, 2 * RATE_WINDOW_MS, ...asked));
    } catch (error) {
      // Availability over throttling: with Redis unreachable the request goes through unlimited, and the
      // outage is logged (at most once a minute, not once per request).
      this.warn(error as Error);
      return credentialIds.map(() => ALLOWED);
    }
    const answers = new Map(ids.map((id, i) => [id, { allowed: reply[3 * i], current: reply[3 * i + 1], previous: reply[3 * i + 2] }]));
    const refused = (id: string): RateDecision => {
      const { current, previous } = answers.get(id)!;
      return { allowed: false, retryAfterSeconds: retryAfterSeconds(limit, current, previous, position, RATE_WINDOW_MS) };
    };
    const result = credentialIds.map((id, i) => decisions[i] ?? (answers.get(id)!.allowed-- > 0 ? ALLOWED : refused(id)));
    // What a credential's answer has left once its requests took their share was taken ahead: held here.
    for (const [id, { allowed }] of answers) if (allowed > 0) this.held.set(id, { window: position.index, left: allowed });
    return result;
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
