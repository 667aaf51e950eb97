import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock } from '../runtime/clock';
import { FaultSource } from './fault-config';

interface Bucket {
  ratePerSecond: number;
  tokens: number;
  refilledAt: number;
}

/** One token bucket per source, holding at most one second's worth of calls. */
@Injectable()
export class RateLimiter {
  private readonly buckets = new Map<FaultSource, Bucket>();

  constructor(@Inject(CLOCK) private readonly clock: Clock) {}

  /** Takes a token; answers 0 when there was one, else the milliseconds until the next one. */
  take(source: FaultSource, ratePerSecond: number): number {
    const now = this.clock.now();
    const capacity = Math.max(1, ratePerSecond);
    let bucket = this.buckets.get(source);
    if (!bucket || bucket.ratePerSecond !== ratePerSecond) {
      bucket = { ratePerSecond, tokens: capacity, refilledAt: now };
      this.buckets.set(source, bucket);
    }
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.refilledAt) / 1000) * ratePerSecond);
    bucket.refilledAt = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return ((1 - bucket.tokens) / ratePerSecond) * 1000;
  }

  reset(): void {
    this.buckets.clear();
  }
}
