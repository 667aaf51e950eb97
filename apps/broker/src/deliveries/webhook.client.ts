import { Inject, Injectable } from '@nestjs/common';
import { SIGNATURE_HEADER } from './webhook-signature';
import { WEBHOOK_SETTINGS, WebhookSettings } from './webhook-settings';

/** How the exchange answered one POST: its HTTP status, or none (timeout, connection refused). */
export interface WebhookReply {
  httpStatus: number | null;
  /** Why the attempt did not succeed; null on a 2xx. */
  error: string | null;
}

/** One signed POST to an exchange's webhook, with a hard timeout. Redirects are not followed: only a 2xx counts. */
@Injectable()
export class WebhookClient {
  constructor(@Inject(WEBHOOK_SETTINGS) private readonly settings: Pick<WebhookSettings, 'timeoutMs'>) {}

  async post(url: string, rawBody: string, signature: string): Promise<WebhookReply> {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'dxhub-webhooks/1', [SIGNATURE_HEADER]: signature },
        body: rawBody,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.settings.timeoutMs),
      });
      await response.body?.cancel(); // the answer's body means nothing; free the connection
      const ok = response.status >= 200 && response.status < 300;
      return { httpStatus: response.status, error: ok ? null : `the webhook answered HTTP ${response.status}` };
    } catch (error) {
      const e = error as { name?: string; message?: string; cause?: { code?: string } };
      const reason = e.name === 'TimeoutError' ? `no answer within ${this.settings.timeoutMs} ms` : (e.cause?.code ?? e.message ?? 'unknown');
      return { httpStatus: null, error: `the webhook could not be reached: ${reason}` };
    }
  }
}
