import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { HttpPoster } from '../http/http-post';
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
export class WebhookClient implements OnModuleDestroy {
  private readonly http = new HttpPoster();

  constructor(@Inject(WEBHOOK_SETTINGS) private readonly settings: Pick<WebhookSettings, 'timeoutMs'>) {}

  async post(url: string, rawBody: string, signature: string): Promise<WebhookReply> {
    try {
      const headers = { 'content-type': 'application/json', 'user-agent': 'dxhub-webhooks/1', [SIGNATURE_HEADER]: signature };
      const { status } = await this.http.post(new URL(url), headers, rawBody, this.settings.timeoutMs, false);
      const ok = status >= 200 && status < 300;
      return { httpStatus: status, error: ok ? null : `the webhook answered HTTP ${status}` };
    } catch (error) {
      const e = error as { name?: string; message?: string; code?: string; cause?: { code?: string } };
      const reason = e.name === 'TimeoutError' ? `no answer within ${this.settings.timeoutMs} ms` : (e.cause?.code ?? e.code ?? e.message ?? 'unknown');
      return { httpStatus: null, error: `the webhook could not be reached: ${reason}` };
    }
  }

  onModuleDestroy(): void {
    this.http.close();
  }
}
