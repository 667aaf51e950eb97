/**
 * Sliding-window counter maths (the "sliding log" approximated by two fixed windows): the count of the
 * current window plus the previous window's count weighted by how much of it the sliding window still
 * covers; a request is allowed while that is below the limit (the rule runs in Redis, rate-limiter.ts).
 * Unlike a plain fixed window, it does not let a key spend twice its limit across a window edge.
 */

export interface WindowPosition {
  /** Which fixed window `now` falls in (part of the Redis key, so every instance counts in the same one). */
  index: number;
  /** How far into that window `now` is, in ms. */
  elapsedMs: number;
  /** The share of the previous window that the sliding window still covers, in (0, 1]. */
  previousWeight: number;
}

export function windowPosition(nowMs: number, windowMs: number): WindowPosition {
  const index = Math.floor(nowMs / windowMs);
  const elapsedMs = nowMs - index * windowMs;
  return { index, elapsedMs, previousWeight: (windowMs - elapsedMs) / windowMs };
}

/**
 * Seconds until a refused key may send again (at least 1, for the Retry-After header). Either the
 * previous window's share decays enough within this window, or (when this window alone is full) the key
 * waits for the next window and for this window's share of it to decay.
 */
export function retryAfterSeconds(limit: number, current: number, previous: number, position: Pick<WindowPosition, 'elapsedMs'>, windowMs: number): number {
  const leftInWindowMs = windowMs - position.elapsedMs;
  const waitMs =
    current < limit
      ? leftInWindowMs - ((limit - 1 - current) * windowMs) / previous
      : leftInWindowMs + windowMs * (1 - (limit - 1) / current);
  return Math.max(1, Math.ceil(waitMs / 1000));
}
