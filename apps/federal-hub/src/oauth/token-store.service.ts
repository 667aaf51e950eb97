import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { FEDERAL_HUB_CONFIG, FederalHubConfig } from '../federal-hub.config';
import { CLOCK, Clock } from '../runtime/clock';

/** Opaque bearer tokens with their expiry, in memory (the simulator keeps no state across restarts). */
@Injectable()
export class TokenStore {
  private readonly expiries = new Map<string, number>();

  constructor(
    @Inject(FEDERAL_HUB_CONFIG) private readonly config: FederalHubConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  issue(): { token: string; expiresInSeconds: number } {
    this.forgetExpired();
    const token = randomBytes(32).toString('base64url');
    this.expiries.set(token, this.clock.now() + this.config.tokenTtlSeconds * 1000);
    return { token, expiresInSeconds: this.config.tokenTtlSeconds };
  }

  isValid(token: string): boolean {
    const expiresAt = this.expiries.get(token);
    return expiresAt !== undefined && expiresAt > this.clock.now();
  }

  // Run on each issue, so memory stays bounded by the tokens issued within one lifetime.
  private forgetExpired(): void {
    const now = this.clock.now();
    for (const [token, expiresAt] of this.expiries) if (expiresAt <= now) this.expiries.delete(token);
  }
}
