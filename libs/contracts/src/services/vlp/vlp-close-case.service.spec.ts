import type { ValidateFunction } from 'ajv';
import { draft04SchemaId, federalSchemaFolder, loadDraft04Schemas } from '@dxhub/platform';
import { VerificationRequestValidator } from '../request-validator';
import type { PreviousStep, VerificationRequest } from '../service-definition';
import { vlpCloseCase } from './vlp-close-case.service';

const ajv = loadDraft04Schemas(federalSchemaFolder('vlp'));
const validRequest = ajv.getSchema(draft04SchemaId('VLP-CloseCase-Request-schema.json')) as ValidateFunction;
const validResponse = ajv.getSchema(draft04SchemaId('VLP-CloseCase-Response-schema.json')) as ValidateFunction;

function expectValid(validate: ValidateFunction, message: unknown): void {
  const ok = validate(message);
  expect(validate.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
}

const CASE = '0024172183006NT';
const VERIFICATION_ID = 'ver_01HZY3K6D1V4Q8R2T5W7X9Y0AB';
const previous: PreviousStep = { id: VERIFICATION_ID, service: 'vlp-step2', result: { caseNumber: CASE, responseCode: 'HS000000' } };
const request = (patch: Record<string, unknown> = {}): VerificationRequest => ({ service: 'vlp-close-case', previousVerificationId: VERIFICATION_ID, ...patch });
const { toRequest, interpret } = vlpCloseCase.federal;

describe('vlpCloseCase service definition', () => {
  it('is a synchronous DHS service closing the case of any completed VLP step', () => {
    expect(vlpCloseCase).toMatchObject({ service: 'vlp-close-case', category: 'eligibility', source: 'dhs', mode: 'sync' });
    expect(vlpCloseCase.previous.services).toEqual(['vlp-step1', 'vlp-step2', 'vlp-step3']);
    expect(vlpCloseCase.federal).toMatchObject({
      path: '/hub/vlp-close-case',
      schemas: { folder: 'vlp', request: 'VLP-CloseCase-Request-schema.json', response: 'VLP-CloseCase-Response-schema.json' },
    });
  });

  it('takes the earlier verification and optionally the surname, nothing else', () => {
    const validator = new VerificationRequestValidator();
    expect(validator.validate({ service: 'vlp-close-case', previousVerificationId: VERIFICATION_ID, subject: { lastName: 'Silva' } }).ok).toBe(true);
    expect(validator.validate({ service: 'vlp-close-case', previousVerificationId: VERIFICATION_ID, options: { comments: 'x' } })).toMatchObject({
      ok: false,
      errors: [{ field: 'options', message: 'is not an allowed field' }],
    });
  });

  it('accepts any earlier step with a case, whatever its agency action, and refuses one without', () => {
    expect(vlpCloseCase.previous.check(request(), { ...previous, result: { caseNumber: CASE, agencyAction: 'InitiateAdditionalVerif' } })).toEqual([]);
    expect(vlpCloseCase.previous.check(request(), { ...previous, result: { caseNumber: null } })).toEqual([
      { field: 'previousVerificationId', message: 'names a vlp-step2 that has no DHS case number' },
    ]);
  });

  it("sends the earlier step's case number, and the surname when given", () => {
    expect(toRequest(request(), { previous })).toEqual({ closeCaseRequest: { caseNumber: CASE } });
    const named = toRequest(request({ subject: { lastName: 'Silva' } }), { previous });
    expect(named).toEqual({ closeCaseRequest: { caseNumber: CASE, lastName: 'Silva' } });
    expectValid(validRequest, named);
  });

  it('is verified when DHS acknowledges the closure', () => {
    const closed = { closeCaseResponse: { responseMetadata: { responseCode: 'HS000000', responseText: 'Success' }, closeCaseResponseSet: { caseNumber: CASE, webServSftwrVer: '37' } } };
    expectValid(validResponse, closed);
    expect(interpret(closed, request(), { previous })).toEqual({
      outcome: 'verified',
      responseCode: 'HS000000',
      result: { caseNumber: CASE, caseClosed: true, responseCode: 'HS000000' },
    });
  });

  it('is inconclusive, the case still open, when DHS refuses (unknown case)', () => {
    const refused = { closeCaseResponse: { responseMetadata: { responseCode: 'HE030001', responseText: 'The case number is not a DHS case' } } };
    expectValid(validResponse, refused);
    expect(interpret(refused, request(), { previous })).toEqual({
      outcome: 'inconclusive',
      responseCode: 'HE030001',
      result: { caseNumber: CASE, caseClosed: false, responseCode: 'HE030001' },
    });
  });
});
