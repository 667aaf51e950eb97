/** How the broker reaches the federal Hub (from BrokerConfig; a plain value so tests can build one). */
export interface FederalSettings {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  timeoutMs: number;
  /** First wait before asking an asynchronous service for its result; it grows with each poll. */
  pollIntervalMs: number;
}

export const FEDERAL_SETTINGS = Symbol('FEDERAL_SETTINGS');
