import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { HttpPoster } from '../http/http-post';
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
export class FederalHubClient implements OnModuleDestroy {
  private readonly http = new HttpPoster();

  constructor(
    @Inject(FEDERAL_SETTINGS) private readonly settings: FederalSettings,
    private readonly tokens: FederalTokenService,
  ) {}

  async send(path: string, requestBytes: string, messageId: string): Promise<FederalReply> {
    try {
      let token = await this.tokens.get();
      let answer = await this.post(path, requestBytes, messageId, token);
      if (answer.status === 401) {
        this.tokens.invalidate(token);
        token = await this.tokens.get();
        answer = await this.post(path, requestBytes, messageId, token);
      }
      const rawBody = answer.text;
      const body = parseJson(rawBody);
      const echoed = answer.headers.messageid;
      const echoedMessageId = (Array.isArray(echoed) ? echoed.join(', ') : echoed) ?? null;
      const retryAfter = Number(answer.headers['retry-after']);
      const retryAfterMs = answer.status === 429 && retryAfter > 0 ? retryAfter * 1000 : undefined;
      return { answered: true, httpStatus: answer.status, rawBody, body, responseCode: responseCodeOf(body), echoedMessageId, ...(retryAfterMs ? { retryAfterMs } : {}) };
    } catch (error) {
      const e = error as { name?: string; message?: string; code?: string; cause?: { code?: string } };
      const reason = e.name === 'TimeoutError' ? `no answer within ${this.settings.timeoutMs} ms` : (e.cause?.code ?? e.code ?? e.message ?? 'unknown');
      return { answered: false, error: reason };
    }
  }

  onModuleDestroy(): void {
    this.http.close();
  }

  private post(path: string, body: string, messageId: string, token: string) {
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json', messageID: messageId };
    return this.http.post(new URL(path, this.settings.baseUrl), headers, body, this.settings.timeoutMs);
  }
}
