import { Inject, Injectable, Logger } from '@nestjs/common';
import { FEDERAL_SETTINGS, FederalSettings } from './federal-settings';

// Refresh a minute before the Hub would expire the token (or half-way, for short-lived tokens), so calls
// in flight do not race the expiry.
const EXPIRY_MARGIN_MS = 60_000;

const formEncode = (value: string) => new URLSearchParams({ v: value }).toString().slice(2);

/** OAuth2 client-credentials token for the federal Hub: fetched once, shared, refreshed before expiry or on 401. */
@Injectable()
export class FederalTokenService {
  private readonly logger = new Logger(FederalTokenService.name);
  private token?: { value: string; expiresAt: number };
  private pending?: Promise<string>;

  constructor(@Inject(FEDERAL_SETTINGS) private readonly settings: FederalSettings) {}

  async get(): Promise<string> {
    if (this.token && this.token.expiresAt > Date.now()) return this.token.value;
    // Concurrent callers share one token request.
    this.pending ??= this.fetchToken().finally(() => (this.pending = undefined));
    return this.pending;
  }

  /** The Hub said 401: forget the token so the next call fetches a new one. */
  invalidate(rejected: string): void {
    if (this.token?.value === rejected) this.token = undefined;
  }

  private async fetchToken(): Promise<string> {
    // RFC 6749 §2.3.1: id and secret are form-encoded before Basic auth, so ':' '+' '%' survive.
    const basic = Buffer.from(`${formEncode(this.settings.clientId)}:${formEncode(this.settings.clientSecret)}`).toString('base64');
    const response = await fetch(new URL('/oauth/token', this.settings.baseUrl), {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
      signal: AbortSignal.timeout(this.settings.timeoutMs),
    });
    if (!response.ok) throw Object.assign(new Error(`federal token request answered HTTP ${response.status}`), { httpStatus: response.status });
    const body = (await response.json()) as { access_token: string; expires_in: number };
    const lifetimeMs = body.expires_in * 1000;
    this.token = { value: body.access_token, expiresAt: Date.now() + lifetimeMs - Math.min(EXPIRY_MARGIN_MS, lifetimeMs / 2) };
    this.logger.log(`federal token obtained, valid ${body.expires_in} s`);
    return body.access_token;
  }
}
