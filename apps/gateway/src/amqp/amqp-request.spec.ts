import { envelopeRefusal, parseRequestBody } from './amqp-request';

const good = { userId: 'ma-backend', messageId: 'case-0042-ssa', contentType: 'application/json' };

describe('AMQP request envelope', () => {
  it('accepts an idempotency key in message_id and a JSON content type', () => {
    expect(envelopeRefusal(good)).toBeNull();
    expect(envelopeRefusal({ ...good, contentType: 'application/json; charset=utf-8' })).toBeNull();
  });

  it('requires the idempotency key, under the HTTP header rules', () => {
    expect(envelopeRefusal({ ...good, messageId: undefined })).toMatchObject({ reason: 'missing-idempotency-key', field: 'message_id', status: 400 });
    expect(envelopeRefusal({ ...good, messageId: '' })?.reason).toBe('missing-idempotency-key');
    expect(envelopeRefusal({ ...good, messageId: 'x'.repeat(256) })?.reason).toBe('missing-idempotency-key');
    expect(envelopeRefusal({ ...good, messageId: 'tab\there' })?.reason).toBe('missing-idempotency-key');
  });

  it('requires content_type application/json', () => {
    expect(envelopeRefusal({ ...good, contentType: undefined })).toMatchObject({ reason: 'invalid-content-type', status: 415 });
    expect(envelopeRefusal({ ...good, contentType: 'text/plain' })?.reason).toBe('invalid-content-type');
    expect(envelopeRefusal({ ...good, contentType: 'application/jsonp' })?.reason).toBe('invalid-content-type');
  });
});

describe('AMQP request body', () => {
  it('parses JSON', () => {
    expect(parseRequestBody(Buffer.from('{"service":"ssa-composite"}'))).toEqual({ ok: true, body: { service: 'ssa-composite' } });
  });

  it('refuses malformed JSON, prototype-poisoning keys and bodies over 1 MB', () => {
    expect(parseRequestBody(Buffer.from('{"service":'))).toMatchObject({ ok: false, refusal: { reason: 'invalid-json', status: 400 } });
    expect(parseRequestBody(Buffer.from('{"a":{"__proto__":{"x":1}}}'))).toMatchObject({ ok: false, refusal: { reason: 'invalid-request', detail: expect.stringContaining('__proto__') } });
    expect(parseRequestBody(Buffer.from('{"constructor":{"prototype":{}}}'))).toMatchObject({ ok: false, refusal: { reason: 'invalid-request' } });
    expect(parseRequestBody(Buffer.alloc(1024 * 1024 + 1, 0x20))).toMatchObject({ ok: false, refusal: { status: 413 } });
  });
});
