import type { WebhookRetryPolicy } from '@dxhub/messaging';

/** How the broker delivers results to exchanges (from BrokerConfig; a plain value so tests can build one). */
export interface WebhookSettings {
  /** One POST's time limit (CONTRACT: no answer in 10 s is a failed attempt). */
  timeoutMs: number;
  retry: WebhookRetryPolicy;
}

export const WEBHOOK_SETTINGS = Symbol('WEBHOOK_SETTINGS');
