import type { ValidateFunction } from 'ajv';
import { draft04SchemaId, federalSchemaFolder, loadDraft04Schemas } from '@dxhub/platform';
import { NON_ESI_ORGANIZATIONS, nonEsiMec } from './non-esi-mec.service';
import { VerificationRequestValidator } from './request-validator';
import type { VerificationRequest } from './service-definition';

const ajv = loadDraft04Schemas(federalSchemaFolder('non-esi-rj31'));
const validRequest = ajv.getSchema(draft04SchemaId('VerifyNonESIMEC-Request-schema.json')) as ValidateFunction;
const validResponse = ajv.getSchema(draft04SchemaId('VerifyNonESIMEC-Response-schema.json')) as ValidateFunction;
const validOrganization = ajv.getSchema(draft04SchemaId('VerifyNonESIMEC-Shared-schema.json') + '#/definitions/organizationCodeType') as ValidateFunction;

function expectValid(validate: ValidateFunction, message: unknown): void {
  const ok = validate(message);
  expect(validate.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
}

const subject = { ssn: '123-45-6789', firstName: 'Ana', lastName: 'Silva', dateOfBirth: '1980-02-29', sex: 'F', state: 'MA' };
const coveragePeriod = { startDate: '2026-01-01', endDate: '2026-12-31' };
const body = { service: 'non-esi-mec', subject, coveragePeriod, options: { organizations: ['MEDC', 'MEDI'] }, reference: 'case-0042' };
const request = (organizations?: string[]): VerificationRequest => ({ service: 'non-esi-mec', subject, coveragePeriod, ...(organizations ? { options: { organizations } } : {}) });

const { toRequest, interpret } = nonEsiMec.federal;
const individualOf = (message: unknown) =>
  (message as { verifyNonESIMECRequest: { individualRequestArray: Record<string, unknown>[] } }).verifyNonESIMECRequest.individualRequestArray[0];

const HS = { responseCode: 'HS000000', responseText: 'Success' };
const TIMEOUT = { responseCode: 'HX005001', responseText: 'The trusted data source did not respond in time' };
const none = (organizationCode: string) => ({ organizationCode, responseMetadata: HS, mecCoverage: { mecVerificationCode: 'N' } });
const covered = (organizationCode: string) => ({
  organizationCode,
  responseMetadata: HS,
  mecCoverage: { usStateCode: 'MA', mecVerificationCode: 'Y', insuranceArray: [{ insurancePolicyEffectiveDate: '2024-01-01', insurancePolicyExpirationDate: '2026-12-31' }] },
});
const silent = (organizationCode: string) => ({ organizationCode, responseMetadata: TIMEOUT });
const answer = (otherCoverageArray: object[], partialResponseIndicator = false) => ({
  verifyNonESIMECResponse: {
    individualResponseArray: [
      { personSocialSecurityNumber: '123456789', personGivenName: 'Ana', personSurName: 'Silva', personBirthDate: '1980-02-29', partialResponseIndicator, otherCoverageArray },
    ],
  },
});
const ALL = Object.keys(NON_ESI_ORGANIZATIONS);

describe('nonEsiMec service definition', () => {
  it('describes the cms-mec source and the RJ31 schemas', () => {
    expect(nonEsiMec).toMatchObject({ service: 'non-esi-mec', category: 'eligibility', source: 'cms-mec', mode: 'sync' });
    expect(nonEsiMec.federal.path).toBe('/hub/non-esi-mec');
    expect(nonEsiMec.federal.schemas).toEqual({
      folder: 'non-esi-rj31',
      request: 'VerifyNonESIMEC-Request-schema.json',
      response: 'VerifyNonESIMEC-Response-schema.json',
    });
  });

  it("names exactly the Hub's organisation codes, in its order", () => {
    expect(ALL).toEqual(['MEDC', 'CHIP', 'BHPC', 'MEDI', 'VHPC', 'TRIC', 'PECO']);
    for (const code of ALL) expectValid(validOrganization, code);
  });

  describe('requestSchema (through the gateway validator)', () => {
    const validator = new VerificationRequestValidator();
    const errorsOf = (candidate: unknown) => {
      const result = validator.validate(candidate);
      if (result.ok) throw new Error('expected invalid');
      return result.errors;
    };

    it('accepts the documented example, and a request without options (every source)', () => {
      expect(validator.validate(body)).toMatchObject({ ok: true, definition: nonEsiMec });
      expect(validator.validate({ service: 'non-esi-mec', subject, coveragePeriod }).ok).toBe(true);
      expect(validator.validate({ ...body, options: { organizations: ALL } }).ok).toBe(true);
    });

    it.each([
      ['an unknown organisation', ['MEDC', 'ACME'], 'options.organizations.1'],
      ['an empty list', [], 'options.organizations'],
      ['a repeated organisation', ['MEDC', 'MEDC'], 'options.organizations'],
      ['a lowercase code', ['medc'], 'options.organizations.0'],
    ])('rejects %s', (_label, organizations, field) => {
      expect(errorsOf({ ...body, options: { organizations } }).map((error) => error.field)).toContain(field);
    });

    it('rejects unknown options, a missing period and a bad state like esi-mec does', () => {
      expect(errorsOf({ ...body, options: { everything: true } })).toContainEqual({ field: 'options.everything', message: 'is not an allowed field' });
      const { coveragePeriod: _, ...noPeriod } = body;
      expect(errorsOf(noPeriod)).toContainEqual({ field: 'coveragePeriod', message: 'is required' });
      expect(errorsOf({ ...body, subject: { ...subject, state: 'ZZ' } }).map((error) => error.field)).toContain('subject.state');
    });
  });

  describe('toRequest', () => {
    it('maps the request to one RJ31 individual with the asked organisations, valid per the real schema', () => {
      const message = toRequest(request(['MEDC', 'MEDI']));
      expect(message).toEqual({
        verifyNonESIMECRequest: {
          individualRequestArray: [
            {
              personSocialSecurityNumber: '123456789',
              personGivenName: 'Ana',
              personSurName: 'Silva',
              personBirthDate: '1980-02-29',
              personSexCode: 'F',
              usStateCode: 'MA',
              insurancePolicyEffectiveDate: '2026-01-01',
              insurancePolicyExpirationDate: '2026-12-31',
              organizationCodeArray: ['MEDC', 'MEDI'],
            },
          ],
        },
      });
      expectValid(validRequest, message);
    });

    it('sends no organisation list when none was asked (the Hub then asks every source)', () => {
      const message = toRequest(request());
      expect(individualOf(message)).not.toHaveProperty('organizationCodeArray');
      expectValid(validRequest, message);
    });

    it('is checked by a schema that really rejects a wrong message (sanity check of the validator)', () => {
      const individual = individualOf(toRequest(request()));
      expect(validRequest({ verifyNonESIMECRequest: { individualRequestArray: [{ ...individual, organizationCodeArray: ['ACME'] }] } })).toBe(false);
      expect(validRequest({ verifyNonESIMECRequest: { individualRequestArray: [{ ...individual, personSuffixName: 'IIII' }] } })).toBe(false);
    });
  });

  describe('interpret', () => {
    it('is verified when every source answers no coverage', () => {
      const response = answer(ALL.map(none));
      expectValid(validResponse, response);
      const { outcome, responseCode, result } = interpret(response, request());
      expect(outcome).toBe('verified');
      expect(responseCode).toBe('HS000000');
      expect(result.partialResponse).toBe(false);
      expect(result.otherCoverages).toHaveLength(7);
      expect((result.otherCoverages as object[])[0]).toEqual({ organizationCode: 'MEDC', responseCode: 'HS000000', mecVerificationCode: 'N', state: null, coveragePeriods: [] });
    });

    it('is not_verified when a source reports coverage, with its state and dates', () => {
      const response = answer([none('MEDC'), covered('MEDI')]);
      expectValid(validResponse, response);
      expect(interpret(response, request(['MEDC', 'MEDI']))).toEqual({
        outcome: 'not_verified',
        responseCode: 'HS000000',
        result: {
          partialResponse: false,
          otherCoverages: [
            { organizationCode: 'MEDC', responseCode: 'HS000000', mecVerificationCode: 'N', state: null, coveragePeriods: [] },
            { organizationCode: 'MEDI', responseCode: 'HS000000', mecVerificationCode: 'Y', state: 'MA', coveragePeriods: [{ startDate: '2024-01-01', endDate: '2026-12-31' }] },
          ],
          responseCode: 'HS000000',
        },
      });
    });

    it('reports an open-ended coverage with a null end date', () => {
      const openEnded = { organizationCode: 'MEDI', responseMetadata: HS, mecCoverage: { mecVerificationCode: 'Y', insuranceArray: [{ insurancePolicyEffectiveDate: '2020-07-01' }] } };
      const response = answer([openEnded]);
      expectValid(validResponse, response);
      const [coverage] = interpret(response, request(['MEDI'])).result.otherCoverages as { coveragePeriods: unknown }[];
      expect(coverage.coveragePeriods).toEqual([{ startDate: '2020-07-01', endDate: null }]);
    });

    it('is inconclusive on a partial response, naming the silent sources by their code', () => {
      const response = answer([...['MEDC', 'CHIP', 'BHPC', 'MEDI', 'PECO'].map(none), silent('VHPC'), silent('TRIC')], true);
      expectValid(validResponse, response);
      const { outcome, result } = interpret(response, request());
      expect(outcome).toBe('inconclusive');
      expect(result.partialResponse).toBe(true);
      expect(result.otherCoverages).toContainEqual({ organizationCode: 'TRIC', responseCode: 'HX005001', mecVerificationCode: null, state: null, coveragePeriods: [] });
    });

    it('is not_verified when coverage is found even though the response is partial', () => {
      expect(interpret(answer([covered('MEDC'), silent('TRIC')], true), request(['MEDC', 'TRIC'])).outcome).toBe('not_verified');
    });

    it('is inconclusive when a source answers P (pending) and none reports coverage', () => {
      const pending = { organizationCode: 'MEDC', responseMetadata: HS, mecCoverage: { mecVerificationCode: 'P' } };
      const response = answer([pending, none('CHIP')]);
      expectValid(validResponse, response);
      expect(interpret(response, request(['MEDC', 'CHIP'])).outcome).toBe('inconclusive');
    });

    it('is inconclusive when an asked source is missing from the answer, though it claims to be complete', () => {
      expect(interpret(answer([none('MEDC')]), request(['MEDC', 'CHIP'])).outcome).toBe('inconclusive');
      expect(interpret(answer(['MEDC', 'CHIP', 'BHPC'].map(none)), request()).outcome).toBe('inconclusive');
      expect(interpret(answer([none('MEDC')]), request(['MEDC'])).outcome).toBe('verified');
    });

    it('is inconclusive with the envelope code when the Hub answered with metadata only, else "unknown"', () => {
      const envelopeOnly = { verifyNonESIMECResponse: { responseMetadata: { responseCode: 'HX009000', responseText: 'Hub exception' } } };
      expectValid(validResponse, envelopeOnly);
      expect(interpret(envelopeOnly, request())).toEqual({
        outcome: 'inconclusive',
        responseCode: 'HX009000',
        result: { partialResponse: null, otherCoverages: [], responseCode: 'HX009000' },
      });
      expect(interpret({ verifyNonESIMECResponse: {} }, request()).responseCode).toBe('unknown');
    });

    it('never puts the SSN in the result', () => {
      expect(JSON.stringify(interpret(answer(ALL.map(covered)), request()).result)).not.toContain('123456789');
    });
  });
});
