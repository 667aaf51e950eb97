import type { ValidateFunction } from 'ajv';
import { draft04SchemaId, federalSchemaFolder, loadDraft04Schemas } from '@dxhub/platform';
import { esiMec } from './esi-mec.service';
import { VerificationRequestValidator } from './request-validator';
import type { VerificationRequest } from './service-definition';

const ajv = loadDraft04Schemas(federalSchemaFolder('esi-rj14'));
const validRequest = ajv.getSchema(draft04SchemaId('ESIMEC-Request-schema.json')) as ValidateFunction;
const validResponse = ajv.getSchema(draft04SchemaId('ESIMEC-Response-schema.json')) as ValidateFunction;

function expectValid(validate: ValidateFunction, message: unknown): void {
  const ok = validate(message);
  expect(validate.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
}

const subject = { ssn: '123-45-6789', firstName: 'Ana', middleName: 'B', lastName: 'Silva', suffix: 'Jr', dateOfBirth: '1980-02-29', sex: 'F', state: 'MA' };
const coveragePeriod = { startDate: '2026-01-01', endDate: '2026-12-31' };
const body = { service: 'esi-mec', subject, coveragePeriod, reference: 'case-0042' };
const request = (subjectPatch: Record<string, unknown> = {}): VerificationRequest => ({ ...body, subject: { ...subject, ...subjectPatch } });

const { toRequest, interpret } = esiMec.federal;
const applicantOf = (message: unknown) => (message as { esiMECRequest: { applicantRequestArray: Record<string, unknown>[] } }).esiMECRequest.applicantRequestArray;

const HS = { responseCode: 'HS000000', responseText: 'Success' };
const answer = (information: Record<string, unknown> | undefined, metadata: Record<string, string> = HS) => ({
  esiMECResponse: {
    applicantResponseArray: [
      { personSocialSecurityNumber: '123456789', responseMetadata: metadata, ...(information ? { applicantMECInformation: { requestedCoveragePeriod: coveragePeriod, ...information } } : {}) },
    ],
  },
});

describe('esiMec service definition', () => {
  it('describes the OPM source and the RJ14 schemas', () => {
    expect(esiMec).toMatchObject({ service: 'esi-mec', category: 'eligibility', source: 'opm', mode: 'sync' });
    expect(esiMec.federal.path).toBe('/hub/esi-mec');
    expect(esiMec.federal.schemas).toEqual({ folder: 'esi-rj14', request: 'ESIMEC-Request-schema.json', response: 'ESIMEC-Response-schema.json' });
  });

  describe('requestSchema (through the gateway validator)', () => {
    const validator = new VerificationRequestValidator();
    const errorsOf = (candidate: unknown) => {
      const result = validator.validate(candidate);
      if (result.ok) throw new Error('expected invalid');
      return result.errors;
    };

    it('accepts the documented example, and the minimum subject', () => {
      expect(validator.validate(body)).toMatchObject({ ok: true, definition: esiMec });
      const minimal = { ssn: '123456789', firstName: 'Ana', lastName: 'Silva', dateOfBirth: '1980-02-29', state: 'PR' };
      expect(validator.validate({ service: 'esi-mec', subject: minimal, coveragePeriod }).ok).toBe(true);
    });

    it('requires the given name, the state and the coverage period', () => {
      const { firstName: _f, state: _s, ...partial } = subject;
      const errors = errorsOf({ service: 'esi-mec', subject: partial });
      expect(errors).toEqual(
        expect.arrayContaining([
          { field: 'subject.firstName', message: 'is required' },
          { field: 'subject.state', message: 'is required' },
          { field: 'coveragePeriod', message: 'is required' },
        ]),
      );
    });

    it.each([
      ['a state outside the Hub list', { state: 'XX' }, 'subject.state'],
      ['a lowercase state', { state: 'ma' }, 'subject.state'],
      ['an unknown sex code', { sex: 'X' }, 'subject.sex'],
      ['a suffix over 3 characters', { suffix: 'III.' }, 'subject.suffix'],
      ['a future birth date', { dateOfBirth: '2999-01-01' }, 'subject.dateOfBirth'],
      ['an SSN with area 666', { ssn: '666-12-3456' }, 'subject.ssn'],
      ['an unknown subject field', { nickname: 'Ann' }, 'subject.nickname'],
    ])('rejects %s', (_label, patch, field) => {
      expect(errorsOf({ ...body, subject: { ...subject, ...patch } }).map((error) => error.field)).toContain(field);
    });

    it('rejects impossible dates and unknown fields in the coverage period', () => {
      expect(errorsOf({ ...body, coveragePeriod: { ...coveragePeriod, endDate: '2026-02-29' } })).toContainEqual({
        field: 'coveragePeriod.endDate',
        message: 'must be a real calendar date YYYY-MM-DD',
      });
      expect(errorsOf({ ...body, coveragePeriod: { ...coveragePeriod, months: 12 } })).toContainEqual({ field: 'coveragePeriod.months', message: 'is not an allowed field' });
      expect(errorsOf({ ...body, options: {} })).toContainEqual({ field: 'options', message: 'is not an allowed field' });
    });
  });

  describe('toRequest', () => {
    it('maps the request to one RJ14 applicant, valid per the real request schema', () => {
      const message = toRequest(request());
      expect(message).toEqual({
        esiMECRequest: {
          applicantRequestArray: [
            {
              personSocialSecurityNumber: '123456789',
              personGivenName: 'Ana',
              personMiddleName: 'B',
              personSurName: 'Silva',
              personSuffixName: 'Jr',
              personBirthDate: '1980-02-29',
              personSexCode: 'F',
              usStateCode: 'MA',
              requestedCoveragePeriod: { startDate: '2026-01-01', endDate: '2026-12-31' },
            },
          ],
        },
      });
      expectValid(validRequest, message);
    });

    it('leaves the optional person fields out when not given, and stays valid', () => {
      const message = toRequest(request({ middleName: undefined, suffix: undefined, sex: undefined }));
      const [applicant] = applicantOf(message);
      expect(applicant).not.toHaveProperty('personMiddleName');
      expect(applicant).not.toHaveProperty('personSuffixName');
      expect(applicant).not.toHaveProperty('personSexCode');
      expectValid(validRequest, message);
    });

    it('is checked by a schema that really rejects a wrong message (sanity check of the validator)', () => {
      const [applicant] = applicantOf(toRequest(request()));
      expect(validRequest({ esiMECRequest: { applicantRequestArray: [{ ...applicant, usStateCode: 'XX' }] } })).toBe(false);
      expect(validRequest({ esiMECRequest: { applicantRequestArray: [{ ...applicant, personSocialSecurityNumber: '123-45-6789' }] } })).toBe(false);
    });
  });

  describe('interpret', () => {
    it('is verified when OPM reports the applicant neither eligible nor insured', () => {
      const response = answer({ applicantEligibleESIIndicator: false, applicantInsuredIndicator: false, inconsistencyIndicator: false });
      expectValid(validResponse, response);
      expect(interpret(response)).toEqual({
        outcome: 'verified',
        responseCode: 'HS000000',
        result: { eligibleForEmployerInsurance: false, insured: false, inconsistency: false, employeeMonthlyPremium: null, responseCode: 'HS000000' },
      });
    });

    it('is not_verified when eligible for employer coverage, with the employee premium', () => {
      const response = answer({ applicantEligibleESIIndicator: true, applicantInsuredIndicator: false, inconsistencyIndicator: false, employeeMonthlyPremiumAmount: 182.4 });
      expectValid(validResponse, response);
      expect(interpret(response)).toEqual({
        outcome: 'not_verified',
        responseCode: 'HS000000',
        result: { eligibleForEmployerInsurance: true, insured: false, inconsistency: false, employeeMonthlyPremium: 182.4, responseCode: 'HS000000' },
      });
    });

    it('is not_verified when insured, even when not eligible', () => {
      const response = answer({ applicantEligibleESIIndicator: false, applicantInsuredIndicator: true, inconsistencyIndicator: false });
      expect(interpret(response).outcome).toBe('not_verified');
    });

    it('is inconclusive when OPM flags an inconsistency, whatever the indicators say', () => {
      const response = answer({ applicantEligibleESIIndicator: true, applicantInsuredIndicator: true, inconsistencyIndicator: true });
      expectValid(validResponse, response);
      const { outcome, result } = interpret(response);
      expect(outcome).toBe('inconclusive');
      expect(result).toMatchObject({ inconsistency: true });
    });

    it('is inconclusive when an indicator is missing and nothing unfavourable was said', () => {
      expect(interpret(answer({ applicantEligibleESIIndicator: false, inconsistencyIndicator: false })).outcome).toBe('inconclusive');
      expect(interpret(answer({ applicantEligibleESIIndicator: true, inconsistencyIndicator: false })).outcome).toBe('not_verified');
    });

    it("is inconclusive with the applicant's own code when OPM sent no coverage information", () => {
      const response = answer(undefined, { responseCode: 'HE014001', responseText: 'Applicant not found' });
      expectValid(validResponse, response);
      expect(interpret(response)).toEqual({
        outcome: 'inconclusive',
        responseCode: 'HE014001',
        result: { eligibleForEmployerInsurance: null, insured: null, inconsistency: null, employeeMonthlyPremium: null, responseCode: 'HE014001' },
      });
    });

    it('takes the envelope code when there is no applicant, else "unknown"', () => {
      const envelopeOnly = { esiMECResponse: { responseMetadata: { responseCode: 'HX005001', responseText: 'Source down' } } };
      expectValid(validResponse, envelopeOnly);
      expect(interpret(envelopeOnly)).toMatchObject({ outcome: 'inconclusive', responseCode: 'HX005001' });
      expect(interpret({ esiMECResponse: {} }).responseCode).toBe('unknown');
    });

    it('never puts the SSN in the result', () => {
      const { result } = interpret(answer({ applicantEligibleESIIndicator: true, applicantInsuredIndicator: true, inconsistencyIndicator: false }));
      expect(JSON.stringify(result)).not.toContain('123456789');
    });
  });
});
