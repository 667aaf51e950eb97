import { createHmac } from 'node:crypto';

/** The header a delivery's signature travels in (CONTRACT: webhooks). */
export const SIGNATURE_HEADER = 'Dxhub-Signature';

/**
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` keyed with the exchange's webhook secret. The
 * timestamp is signed too, so a receiver can refuse old (replayed) deliveries; docs/webhooks.md shows how.
 */
export function webhookSignature(secret: string, timestampSeconds: number, rawBody: string): string {
  const v1 = createHmac('sha256', secret).update(`${timestampSeconds}.${rawBody}`, 'utf8').digest('hex');
  return `t=${timestampSeconds},v1=${v1}`;
}
