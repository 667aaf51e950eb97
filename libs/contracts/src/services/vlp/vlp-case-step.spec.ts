import type { ValidateFunction } from 'ajv';
import { draft04SchemaId, federalSchemaFolder, loadDraft04Schemas } from '@dxhub/platform';
import { VerificationRequestValidator } from '../request-validator';
import { isPending, type FederalContext, type PreviousStep, type VerificationRequest } from '../service-definition';
import { vlpStep2 } from './vlp-step2.service';
import { vlpStep3 } from './vlp-step3.service';

const ajv = loadDraft04Schemas(federalSchemaFolder('vlp'));
const schema = (file: string) => ajv.getSchema(draft04SchemaId(file)) as ValidateFunction;
const validator = new VerificationRequestValidator();

function expectValid(validate: ValidateFunction, message: unknown): void {
  const ok = validate(message);
  expect(validate.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
}

const CASE = '0024172183006NT';
const VERIFICATION_ID = 'ver_01HZY3K6D1V4Q8R2T5W7X9Y0AB';
const HS = { responseCode: 'HS000000', responseText: 'Success' };
const IN_PROCESS = { responseCode: 'HS030001', responseText: 'DHS has not resolved the case yet' };
const UNKNOWN = { responseCode: 'HE030001', responseText: 'The case number is not a DHS case' };

const STEPS = [
  { definition: vlpStep2, step: 2, previousService: 'vlp-step1', askedBy: 'InitiateAdditionalVerif', root: 'initiateAdditionalVerification' },
  { definition: vlpStep3, step: 3, previousService: 'vlp-step2', askedBy: 'InitiateThirdVerif', root: 'initiateThirdVerification' },
] as const;

describe.each(STEPS)('$definition.service service definition', ({ definition, step, previousService, askedBy, root }) => {
  const service = `vlp-step${step}`;
  const resolutionRoot = `retrieveStep${step}CaseResolution`;
  const previous: PreviousStep = { id: VERIFICATION_ID, service: previousService, result: { caseNumber: CASE, agencyAction: askedBy, responseCode: 'HS000000' } };
  const context: FederalContext = { previous };
  const request = (patch: Record<string, unknown> = {}): VerificationRequest => ({ service, previousVerificationId: VERIFICATION_ID, ...patch });
  const { toRequest, interpret, poll } = definition.federal;

  it('is an asynchronous DHS service that polls its case resolution, with VLP schemas for both calls', () => {
    expect(definition).toMatchObject({ service, category: 'eligibility', source: 'dhs', mode: 'async' });
    expect(definition.previous.services).toEqual([previousService]);
    expect(definition.federal).toMatchObject({
      path: `/hub/${service}`,
      schemas: { folder: 'vlp', request: `VLP-Step${step}-Request-schema.json`, response: `VLP-Step${step}-Response-schema.json` },
    });
    expect(poll).toMatchObject({
      path: `/hub/${service}-resolution`,
      schemas: { folder: 'vlp', request: `VLP-Step${step}-Resolution-Request-schema.json`, response: `VLP-Step${step}-Resolution-Response-schema.json` },
    });
  });

  describe('request schema', () => {
    it('takes the earlier verification, and optionally the surname on the case and comments', () => {
      expect(validator.validate({ service, previousVerificationId: VERIFICATION_ID }).ok).toBe(true);
      expect(validator.validate({ service, previousVerificationId: VERIFICATION_ID, subject: { lastName: 'Silva' }, options: { comments: 'Copy of I-94 sent' }, reference: 'c-1' }).ok).toBe(true);
    });

    it('rejects a missing or malformed previousVerificationId and unknown fields, naming them', () => {
      const errorsOf = (body: unknown) => {
        const result = validator.validate(body);
        if (result.ok) throw new Error('expected invalid');
        return result.errors;
      };
      expect(errorsOf({ service })).toContainEqual({ field: 'previousVerificationId', message: 'is required' });
      expect(errorsOf({ service, previousVerificationId: 'v1' })[0]).toMatchObject({ field: 'previousVerificationId' });
      expect(errorsOf({ service, previousVerificationId: VERIFICATION_ID, subject: { lastName: 'Silva', ssn: '123456789' } })).toContainEqual({
        field: 'subject.ssn',
        message: 'is not an allowed field',
      });
      expect(errorsOf({ service, previousVerificationId: VERIFICATION_ID, caseNumber: CASE })).toContainEqual({ field: 'caseNumber', message: 'is not an allowed field' });
    });
  });

  describe('previous.check', () => {
    const check = (result: Record<string, unknown> | null) => definition.previous.check(request(), { ...previous, result });

    it(`accepts a ${previousService} whose agencyAction is ${askedBy}`, () => {
      expect(check(previous.result)).toEqual([]);
    });

    it(`refuses a ${previousService} that did not ask for step ${step}, or has no case`, () => {
      expect(check({ caseNumber: CASE, agencyAction: 'Invoke CloseCase Web method to close the case.' })).toEqual([
        { field: 'previousVerificationId', message: `names a ${previousService} whose agencyAction is not ${askedBy}` },
      ]);
      expect(check({ caseNumber: null, agencyAction: null, responseCode: 'HE030001' })).toEqual([
        { field: 'previousVerificationId', message: `names a ${previousService} that has no DHS case number` },
      ]);
      expect(check(null)).toHaveLength(1);
    });
  });

  describe('initiation', () => {
    it("sends the earlier step's case number, with the surname and comments the state gave", () => {
      const plain = toRequest(request(), context);
      expect(plain).toEqual({ [`${root}Request`]: { caseNumber: CASE } });
      expectValid(schema(`VLP-Step${step}-Request-schema.json`), plain);
      const full = toRequest(request({ subject: { lastName: 'Silva' }, options: { comments: 'Copy of I-94 sent' } }), context);
      expect(full).toEqual({ [`${root}Request`]: { caseNumber: CASE, lastName: 'Silva', requesterCommentsForHub: 'Copy of I-94 sent' } });
      expectValid(schema(`VLP-Step${step}-Request-schema.json`), full);
    });

    it('refuses to build a message without the case number (a programming error, not a request error)', () => {
      expect(() => toRequest(request(), {})).toThrow(/case number/);
    });

    it("reads DHS's acknowledgement as pending, with the case number", () => {
      const acknowledgement = { [`${root}Response`]: { responseMetadata: HS, [`${root}ResponseSet`]: { caseNumber: CASE, webServSftwrVer: '37' } } };
      expectValid(schema(`VLP-Step${step}-Response-schema.json`), acknowledgement);
      expect(interpret(acknowledgement, request(), context)).toEqual({ pending: true, responseCode: 'HS000000', result: { caseNumber: CASE, responseCode: 'HS000000' } });
    });

    it('reads a refusal (HE) as a final, inconclusive answer', () => {
      const refusal = { [`${root}Response`]: { responseMetadata: UNKNOWN } };
      expectValid(schema(`VLP-Step${step}-Response-schema.json`), refusal);
      const answer = interpret(refusal, request(), context);
      expect(isPending(answer)).toBe(false);
      expect(answer).toMatchObject({ outcome: 'inconclusive', responseCode: 'HE030001', result: { caseNumber: CASE, lawfulPresenceVerifiedCode: null, nextStep: null } });
    });
  });

  describe('case resolution (poll)', () => {
    const pendingContext: FederalContext = { ...context, pending: { caseNumber: CASE, responseCode: 'HS000000' } };
    const resolution = (code: string, agencyAction: string) => ({
      [`${resolutionRoot}Response`]: {
        responseMetadata: HS,
        [`${resolutionRoot}ResponseSet`]: {
          caseNumber: CASE,
          lawfulPresenceVerifiedCode: code,
          eligStatementCd: 3,
          eligStatementTxt: 'LAWFUL PERMANENT RESIDENT - EMPLOYMENT AUTHORIZED',
          webServSftwrVer: '37',
          agencyAction,
          fiveYearBarApplyCode: 'Y',
          qualifiedNonCitizenCode: 'Y',
          fiveYearBarMetCode: 'Y',
          usCitizenCode: 'X',
        },
      },
    });

    it('asks for the case of the pending answer', () => {
      const message = poll.toRequest(request(), { pending: { caseNumber: '1111111111111BQ' } });
      expect(message).toEqual({ [`${resolutionRoot}Request`]: { caseNumber: '1111111111111BQ' } });
      expectValid(schema(`VLP-Step${step}-Resolution-Request-schema.json`), message);
    });

    it('stays pending while DHS has not resolved the case', () => {
      const inProcess = { [`${resolutionRoot}Response`]: { responseMetadata: IN_PROCESS } };
      expectValid(schema(`VLP-Step${step}-Resolution-Response-schema.json`), inProcess);
      expect(poll.interpret(inProcess, request(), pendingContext)).toEqual({ pending: true, responseCode: 'HS030001', result: { caseNumber: CASE, responseCode: 'HS030001' } });
    });

    it('is final with the determination once resolved: Y verified, N not verified', () => {
      const resolved = resolution('Y', 'Invoke CloseCase Web method to close the case.');
      expectValid(schema(`VLP-Step${step}-Resolution-Response-schema.json`), resolved);
      expect(poll.interpret(resolved, request(), pendingContext)).toEqual({
        outcome: 'verified',
        responseCode: 'HS000000',
        result: {
          caseNumber: CASE,
          lawfulPresenceVerifiedCode: 'Y',
          eligStatementCd: 3,
          eligStatementTxt: 'LAWFUL PERMANENT RESIDENT - EMPLOYMENT AUTHORIZED',
          agencyAction: 'Invoke CloseCase Web method to close the case.',
          qualifiedNonCitizenCode: 'Y',
          fiveYearBarApplyCode: 'Y',
          fiveYearBarMetCode: 'Y',
          usCitizenCode: 'X',
          nextStep: 'vlp-close-case',
          responseCode: 'HS000000',
        },
      });
      expect(poll.interpret(resolution('N', 'Invoke CloseCase Web method to close the case.'), request(), pendingContext)).toMatchObject({ outcome: 'not_verified' });
    });

    it('is final and inconclusive, pointing to step 3, when DHS asks for a third verification', () => {
      const answer = poll.interpret(resolution('P', 'InitiateThirdVerif'), request(), pendingContext);
      expect(answer).toMatchObject({ outcome: 'inconclusive', result: { agencyAction: 'InitiateThirdVerif', nextStep: 'vlp-step3' } });
    });

    it('is final and inconclusive for an HE answer', () => {
      const refusal = { [`${resolutionRoot}Response`]: { responseMetadata: UNKNOWN } };
      expect(poll.interpret(refusal, request(), pendingContext)).toMatchObject({ outcome: 'inconclusive', responseCode: 'HE030001', result: { caseNumber: CASE } });
    });
  });
});
