import { REDACTED, scrubPii, scrubString } from './pii-scrubber';

describe('pii scrubber', () => {
  it('masks SSN-shaped text in messages, with or without dashes', () => {
    expect(scrubString('lookup 123-45-6789 failed')).toBe('lookup ***-**-**** failed');
    expect(scrubString('ssn=123456789;')).toBe('ssn=***-**-****;');
  });

  it('leaves longer digit runs such as timestamps alone', () => {
    expect(scrubString('at 1732650000123')).toBe('at 1732650000123');
    expect(scrubString('id 0123456789')).toBe('id 0123456789');
  });

  it('masks sensitive keys and SSNs in nested objects and errors', () => {
    const scrubbed = scrubPii({
      a: { subject: { ssn: '123-45-6789' }, note: 'x 987-65-4320' },
      list: [{ authorization: 'Bearer abc' }],
      err: new Error('bad 123456789'),
    }) as any;
    expect(scrubbed.a.subject).toBe(REDACTED);
    expect(scrubbed.a.note).toBe('x ***-**-****');
    expect(scrubbed.list[0].authorization).toBe(REDACTED);
    expect(scrubbed.err.message).toBe('bad ***-**-****');
  });
});
