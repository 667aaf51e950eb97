import { HubResponseCode } from './hub-response-codes';

/**
 * A request-level failure of `/hub/*`: the exception filter answers it with top-level
 * ResponseMetadata only, inside the envelope of the service that was called.
 */
export class HubError extends Error {
  constructor(
    readonly status: number,
    readonly responseCode: HubResponseCode,
    readonly responseText: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(`${status} ${responseCode} ${responseText}`);
    this.name = 'HubError';
  }
}
