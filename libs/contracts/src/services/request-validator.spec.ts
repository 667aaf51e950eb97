import { VerificationRequestValidator } from './request-validator';

const validator = new VerificationRequestValidator();
const valid = {
  service: 'ssa-composite',
  subject: { ssn: '123-45-6789', firstName: 'Ana', middleName: 'B', lastName: 'Silva', dateOfBirth: '1980-02-29' },
  options: { citizenship: true, incarceration: true },
  reference: 'case-0042',
};
const withSubject = (patch: Record<string, unknown>) => ({ ...valid, subject: { ...valid.subject, ...patch } });
const errorsOf = (body: unknown) => {
  const result = validator.validate(body);
  if (result.ok) throw new Error('expected invalid');
  return result.errors;
};

describe('VerificationRequestValidator (ssa-composite)', () => {
  it('accepts the contract example', () => {
    expect(validator.validate(valid).ok).toBe(true);
  });

  it('names an unknown service', () => {
    expect(errorsOf({ ...valid, service: 'nope' })).toEqual([{ field: 'service', message: expect.stringContaining('ssa-composite') }]);
  });

  it('rejects unknown and missing fields, naming them', () => {
    expect(errorsOf({ ...valid, extra: 1 })).toContainEqual({ field: 'extra', message: 'is not an allowed field' });
    const { ssn: _, ...noSsn } = valid.subject;
    expect(errorsOf({ ...valid, subject: noSsn })).toContainEqual({ field: 'subject.ssn', message: 'is required' });
  });

  it('applies SSA rules to the SSN', () => {
    expect(errorsOf(withSubject({ ssn: '666-12-3456' }))[0]).toMatchObject({ field: 'subject.ssn', message: expect.stringContaining('area') });
  });

  it('rejects impossible and future birth dates', () => {
    expect(errorsOf(withSubject({ dateOfBirth: '1981-02-29' }))[0].field).toBe('subject.dateOfBirth');
    expect(errorsOf(withSubject({ dateOfBirth: '2999-01-01' }))).toContainEqual({ field: 'subject.dateOfBirth', message: 'must not be in the future' });
  });

  it('rejects wrong types and control characters in names', () => {
    expect(errorsOf({ ...valid, options: { citizenship: 'yes' } })[0].field).toBe('options.citizenship');
    expect(errorsOf(withSubject({ lastName: 'Sil\u0007va' }))[0].field).toBe('subject.lastName');
  });

  it('refuses prototype-polluting keys', () => {
    const body = JSON.parse('{"service":"ssa-composite","subject":{"__proto__":{"x":1}}}');
    expect(errorsOf(body)[0]).toEqual({ field: 'subject.__proto__', message: 'is a forbidden key' });
  });

  it('refuses non-object bodies', () => {
    expect(errorsOf([1])[0].field).toBe('body');
  });
});

describe('VerificationRequestValidator cross-field checks', () => {
  it('refuses a coverage period that ends before it starts, naming the field', () => {
    const result = new VerificationRequestValidator().validate({
      service: 'esi-mec',
      subject: { ssn: '123-45-6781', firstName: 'Ana', lastName: 'Silva', dateOfBirth: '1980-02-29', state: 'MA' },
      coveragePeriod: { startDate: '2026-12-31', endDate: '2026-01-01' },
    });
    expect(result).toEqual({ ok: false, errors: [{ field: 'coveragePeriod.endDate', message: 'must not be before startDate' }] });
  });
});

describe('VerificationRequestValidator (ssa-composite income periods)', () => {
  const validator = new VerificationRequestValidator();
  const body = (options: Record<string, unknown>) => ({
    service: 'ssa-composite',
    subject: { ssn: '123-45-6781', lastName: 'Silva', dateOfBirth: '1980-02-29' },
    options,
  });

  it('refuses a Title II month or year in the future', () => {
    const nextYear = String(new Date().getUTCFullYear() + 1);
    expect(validator.validate(body({ titleIIMonthlyIncome: `${nextYear}-01`, titleIIAnnualIncome: nextYear }))).toEqual({
      ok: false,
      errors: [
        { field: 'options.titleIIMonthlyIncome', message: 'must not be in the future' },
        { field: 'options.titleIIAnnualIncome', message: 'must not be in the future' },
      ],
    });
  });

  it('accepts past periods', () => {
    expect(validator.validate(body({ titleIIMonthlyIncome: '2024-03', titleIIAnnualIncome: '2023' })).ok).toBe(true);
  });
});
