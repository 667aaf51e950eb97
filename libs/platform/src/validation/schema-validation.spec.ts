import { bodyValidator, createStrictAjv, takeFieldErrors } from './schema-validation';

const SCHEMA = { type: 'object', additionalProperties: false, properties: { role: { type: 'string', enum: ['operator', 'auditor'] } }, required: ['role'] };

describe('takeFieldErrors', () => {
  it('names at most 20 distinct fields, and leaves nothing of the body on the validator', () => {
    const validate = createStrictAjv().compile(SCHEMA);
    const body = Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`f${i}`, i]));
    expect(validate(body)).toBe(false);
    expect(validate.errors).toHaveLength(50_001);
    const errors = takeFieldErrors(validate);
    expect(errors).toHaveLength(20);
    expect(errors).toContainEqual({ field: 'role', message: 'is required' });
    expect(errors).toContainEqual({ field: 'f0', message: 'is not an allowed field' });
    expect(validate.errors).toBeNull();
  });
});

describe('bodyValidator', () => {
  it('answers a 400 problem naming each bad field, and passes a good body through', () => {
    const validate = bodyValidator<{ role: string }>(SCHEMA);
    const problemOf = (body: unknown) => {
      try {
        validate(body);
      } catch (problem) {
        return problem as { getStatus(): number; getResponse(): { errors: unknown[] } };
      }
      throw new Error('no problem raised');
    };
    const problem = problemOf({ extra: 1 });
    expect(problem.getStatus()).toBe(400);
    expect(problem.getResponse().errors).toEqual(expect.arrayContaining([{ field: 'role', message: 'is required' }, { field: 'extra', message: 'is not an allowed field' }]));
    expect(validate({ role: 'auditor' })).toEqual({ role: 'auditor' });
  });
});
