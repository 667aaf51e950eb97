import { Inject, Injectable } from '@nestjs/common';
import { FEDERAL_SETTINGS, FederalSettings } from './federal-settings';
import { FederalTokenService } from './federal-token.service';

/** What came back from one federal call: an HTTP answer, or none (timeout, connection error). */
export type FederalReply =
  | {
      answered: true;
      httpStatus: number;
      rawBody: string;
      body: unknown;
      responseCode: string | null;
      echoedMessageId: string | null;
      /** From a 429's Retry-After (seconds), when the Hub said when to come back. */
      retryAfterMs?: number;
    }
  | { answered: false; error: string };

interface MetadataCarrier {
  responseMetadata?: { responseCode?: unknown };
  /** IFSV (RJ9T) reports request-level failures as a list. */
  responseMetadataArray?: { responseMetadata?: { responseCode?: unknown } }[];
}

/** Finds the Hub's top-level ResponseMetadata code in any service's envelope. */
export function responseCodeOf(body: unknown): string | null {
  if (!body || typeof body !== 'object') return null;
  const metadata = (value: unknown) => {
    const carrier = value as MetadataCarrier | null;
    const listed = Array.isArray(carrier?.responseMetadataArray) ? carrier.responseMetadataArray[0] : undefined;
    return carrier?.responseMetadata?.responseCode ?? listed?.responseMetadata?.responseCode;
  };
  const top = metadata(body) ?? Object.values(body).map(metadata).find((code) => typeof code === 'string');
  return typeof top === 'string' ? top : null;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * One HTTP call to the federal Hub: bearer token, the caller's messageID, a hard timeout. A 401 refreshes the
 * token and tries once more within the same attempt (an expired token is not the transfer's failure).
 */
@Injectable()
export class FederalHubClient {
  constructor(
    @Inject(FEDERAL_SETTINGS) private readonly settings: FederalSettings,
    private readonly tokens: FederalTokenService,
  ) {}

  async send(path: string, requestBytes: string, messageId: string): Promise<FederalReply> {
    try {
      let reply = await this.post(path, requestBytes, messageId, await this.tokens.get());
      if (reply.status === 401) {
        await reply.response.body?.cancel(); // free the connection before the retry
        this.tokens.invalidate(reply.token);
        reply = await this.post(path, requestBytes, messageId, await this.tokens.get());
      }
      const rawBody = await reply.response.text();
      const body = parseJson(rawBody);
      const echoedMessageId = reply.response.headers.get('messageID');
      const retryAfter = Number(reply.response.headers.get('retry-after'));
      const retryAfterMs = reply.status === 429 && retryAfter > 0 ? retryAfter * 1000 : undefined;
      return { answered: true, httpStatus: reply.status, rawBody, body, responseCode: responseCodeOf(body), echoedMessageId, ...(retryAfterMs ? { retryAfterMs } : {}) };
    } catch (error) {
      const e = error as { name?: string; message?: string; cause?: { code?: string } };
      const reason = e.name === 'TimeoutError' ? `no answer within ${this.settings.timeoutMs} ms` : (e.cause?.code ?? e.message ?? 'unknown');
      return { answered: false, error: reason };
    }
  }

  private async post(path: string, body: string, messageId: string, token: string) {
    const response = await fetch(new URL(path, this.settings.baseUrl), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', messageID: messageId },
      body,
      signal: AbortSignal.timeout(this.settings.timeoutMs),
    });
    return { response, status: response.status, token };
  }
}
