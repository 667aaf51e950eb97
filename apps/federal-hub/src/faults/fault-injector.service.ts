import { Inject, Injectable } from '@nestjs/common';
import { HubError } from '../errors/hub-error';
import { HubCode } from '../errors/hub-response-codes';
import { FEDERAL_HUB_CONFIG, FederalHubConfig } from '../federal-hub.config';
import { CLOCK, Clock } from '../runtime/clock';
import { RANDOM_SOURCE, RandomSource } from '../runtime/random-source';
import { FaultSource } from './fault-config';
import { FaultStore } from './fault-store.service';
import { logNormalLatency } from './log-normal';
import { RateLimiter } from './rate-limiter.service';

/** Applies a source's chaos faults to one call: fails it the way the Hub would, or delays it. */
@Injectable()
export class FaultInjector {
  constructor(
    private readonly store: FaultStore,
    private readonly limiter: RateLimiter,
    @Inject(RANDOM_SOURCE) private readonly random: RandomSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(FEDERAL_HUB_CONFIG) private readonly config: FederalHubConfig,
  ) {}

  async apply(source: FaultSource): Promise<void> {
    const faults = this.store.effective(source);
    if (faults.outage) throw new HubError(503, HubCode.hubException, 'The Hub is unavailable');
    if (faults.rateLimitPerSecond !== undefined) {
      const waitMs = this.limiter.take(source, faults.rateLimitPerSecond);
      // The Hub publishes no code of its own for throttling; its generic system code goes with the 429.
      const retryAfter = String(Math.max(1, Math.ceil(waitMs / 1000)));
      if (waitMs > 0) throw new HubError(429, HubCode.hubException, 'Rate limit exceeded', { 'Retry-After': retryAfter });
    }
    if (this.happens(faults.errorRate)) {
      throw new HubError(500, HubCode.sourceException, `Unexpected exception at the trusted data source (${source})`);
    }
    if (this.happens(faults.timeoutRate)) await this.clock.sleep(this.config.slowMs);
    if (faults.latencyMs) await this.clock.sleep(logNormalLatency(faults.latencyMs, this.random.next()));
  }

  // Draws only for configured rates, so a test's scripted numbers line up with the faults it sets.
  private happens(rate: number | undefined): boolean {
    return rate !== undefined && rate > 0 && this.random.next() < rate;
  }
}
