import { createHmac } from 'node:crypto';
import { webhookSignature } from './webhook-signature';

describe('webhookSignature', () => {
  const body = '{"id":"dlv_01","type":"verification.completed"}';

  it('matches a known vector (computed with `openssl dgst -sha256 -hmac`)', () => {
    // printf '%s' '1700000000.<body>' | openssl dgst -sha256 -hmac 'whsec_test-secret' -hex
    expect(webhookSignature('whsec_test-secret', 1_700_000_000, body)).toBe(
      't=1700000000,v1=955a9f315794964f61cb7614d621585cb4aa761a678db6157c1f291c24d41693',
    );
  });

  it('signs the timestamp with the body, so neither can be changed alone', () => {
    const original = webhookSignature('s', 1_700_000_000, body);
    expect(webhookSignature('s', 1_700_000_001, body)).not.toBe(original);
    expect(webhookSignature('s', 1_700_000_000, body.replace('completed', 'failed'))).not.toBe(original);
    expect(webhookSignature('other', 1_700_000_000, body)).not.toBe(original);
  });

  it('is what a receiver recomputes from the header and the raw bytes', () => {
    const header = webhookSignature('secret', 1_700_000_123, body);
    const { t, v1 } = Object.fromEntries(header.split(',').map((part) => part.split('=') as [string, string]));
    expect(createHmac('sha256', 'secret').update(`${t}.${body}`).digest('hex')).toBe(v1);
  });
});
