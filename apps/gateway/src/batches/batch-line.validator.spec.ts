import { BatchLineValidator, lineField } from './batch-line.validator';

const validator = new BatchLineValidator();
const line = (number: number, text: string, tooLong = false) => validator.check({ number, bytes: Buffer.from(text, 'utf8'), tooLong });
const ssa = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({ service: 'ssa-composite', subject: { ssn: '123-45-6781', lastName: 'Silva', dateOfBirth: '1980-02-29' }, ...extra });

describe('BatchLineValidator', () => {
  it('accepts a line that POST /v1/verifications accepts, with its service definition', () => {
    expect(line(1, ssa())).toMatchObject({ ok: true, definition: { service: 'ssa-composite' }, request: { subject: { ssn: '123-45-6781' } } });
  });

  it('skips blank lines', () => {
    expect(line(2, '')).toBeNull();
    expect(line(2, '  \t ')).toBeNull();
  });

  it('names the line and the field of every error, as the single intake names the field', () => {
    const checked = line(17, ssa({ subject: { ssn: '666-45-6781', lastName: 'Silva', dateOfBirth: '1980-02-29' } }));
    expect(checked).toMatchObject({ ok: false, errors: [{ field: 'line 17: subject.ssn' }] });
    expect(line(3, '{"service":"ssa-composite"')).toMatchObject({ ok: false, errors: [{ field: 'line 3', message: 'is not valid JSON' }] });
    expect(line(4, '[1,2]')).toMatchObject({ ok: false, errors: [{ field: 'line 4', message: 'must be a JSON object' }] });
    expect(line(5, '{"service":"nope"}')).toMatchObject({ ok: false, errors: [{ field: 'line 5: service' }] });
    expect(line(6, ssa({ __proto__x: 1 }).replace('__proto__x', '__proto__'))).toMatchObject({ ok: false, errors: [{ field: 'line 6: __proto__', message: 'is a forbidden key' }] });
    expect(line(7, '', true)).toMatchObject({ ok: false, errors: [{ field: 'line 7', message: expect.stringContaining('over 1 MB') }] });
  });

  it('refuses multi-step services, which continue a completed verification, line by line', () => {
    const checked = line(9, JSON.stringify({ service: 'fars', previousVerificationId: 'ver_01ARZ3NDEKTSV4RRFFQ69G5FAV' }));
    expect(checked).toMatchObject({ ok: false, errors: [{ field: 'line 9: service', message: expect.stringContaining('POST /v1/verifications') }] });
  });

  it('hashes what a line means, not how it is written (the Idempotency-Key comparison)', () => {
    const a = line(1, '{"service":"ssa-composite","subject":{"lastName":"Silva","ssn":"123-45-6781","dateOfBirth":"1980-02-29"}}');
    const b = line(1, '{ "subject": {"ssn":"123-45-6781", "dateOfBirth":"1980-02-29", "lastName":"Silva"}, "service":"ssa-composite" }');
    expect(a?.hashInput).toBe(b?.hashInput);
    expect(line(1, ssa())?.hashInput).not.toBe(line(1, ssa({ reference: 'x' }))?.hashInput);
  });

  it('formats whole-line errors without a field', () => {
    expect(lineField(3, 'body')).toBe('line 3');
    expect(lineField(3, 'subject.ssn')).toBe('line 3: subject.ssn');
  });
});
