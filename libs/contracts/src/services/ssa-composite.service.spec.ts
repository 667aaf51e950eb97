import type { ValidateFunction } from 'ajv';
import { draft04SchemaId, federalSchemaFolder, loadDraft04Schemas } from '@dxhub/platform';
import type { VerificationRequest } from './service-definition';
import { ssaComposite } from './ssa-composite.service';

const ajv = loadDraft04Schemas(federalSchemaFolder('ssa-rj3'));
const validRequest = ajv.getSchema(draft04SchemaId('SSAC-Request-Schema.json')) as ValidateFunction;
const validResponse = ajv.getSchema(draft04SchemaId('SSAC-Response-Schema.json')) as ValidateFunction;

function expectValid(validate: ValidateFunction, message: unknown): void {
  const ok = validate(message);
  expect(validate.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
}

const subject = { ssn: '123-45-6789', firstName: 'Ana', middleName: 'B', lastName: 'Silva', dateOfBirth: '1980-02-29' };
const request = (options?: Record<string, unknown>, subjectPatch: Record<string, unknown> = {}): VerificationRequest => ({
  service: 'ssa-composite',
  subject: { ...subject, ...subjectPatch },
  ...(options ? { options } : {}),
});

const { toRequest, interpret } = ssaComposite.federal;
const individualOf = (message: unknown) =>
  (message as { ssaCompositeRequest: { ssaCompositeIndividualRequestArray: Record<string, unknown>[] } }).ssaCompositeRequest
    .ssaCompositeIndividualRequestArray;

const HS = { responseCode: 'HS000000', responseText: 'Success' };
/** A federal answer for one person (valid per the real response schema: checked in each test that uses it). */
const answer = (ssaResponse: Record<string, unknown> | undefined, metadata: Record<string, string> = HS) => ({
  ssaCompositeResponse: {
    responseMetadata: HS,
    ssaCompositeIndividualResponseArray: [
      { responseMetadata: metadata, personSocialSecurityNumber: '123456789', ...(ssaResponse ? { ssaResponse } : {}) },
    ],
  },
});
const living = { ssnVerificationIndicator: true, deathConfirmationCode: 'Unconfirmed' };

const incarcerationInformation = {
  prisonerIdentification: 'P0000042',
  prisonerConfinementDate: '20200115',
  reportingPersonText: 'Synthetic Records Office',
  supervisionFacility: {
    facilityName: 'Example County Correctional Facility',
    facilityLocationStreet: '100 Example Road',
    facilityLocationCityName: 'Springfield',
    facilityLocationStateCode: 'MA',
    facilityLocationPostalCode: '01101',
    facilityContactPersonFullName: 'Jordan Example',
    facilityContactTelephoneNumber: '5555550100',
    facilityContactFaxNumber: '5555550199',
    facilityCategoryCode: '02',
  },
  inmateStatusIndicator: true,
};

describe('ssaComposite service definition', () => {
  it('describes the SSA source and its federal schemas', () => {
    expect(ssaComposite).toMatchObject({ service: 'ssa-composite', source: 'ssa', mode: 'sync' });
    expect(ssaComposite.federal.path).toBe('/hub/ssa-composite');
    expect(ssaComposite.federal.schemas).toEqual({ folder: 'ssa-rj3', request: 'SSAC-Request-Schema.json', response: 'SSAC-Response-Schema.json' });
  });

  describe('toRequest', () => {
    it('maps a full camelCase request to the RJ3 federal request', () => {
      const message = toRequest(
        request({ citizenship: true, incarceration: true, titleIIMonthlyIncome: '2024-03', titleIIAnnualIncome: '2023', quartersOfCoverage: true }),
      );
      expect(message).toEqual({
        ssaCompositeRequest: {
          ssaCompositeIndividualRequestArray: [
            {
              personSocialSecurityNumber: '123456789',
              personGivenName: 'Ana',
              personMiddleName: 'B',
              personSurName: 'Silva',
              personBirthDate: '1980-02-29',
              requestCitizenshipVerificationIndicator: true,
              requestIncarcerationVerificationIndicator: true,
              requestTitleIIMonthlyIncomeVerificationIndicator: true,
              requestTitleIIAnnualIncomeVerificationIndicator: true,
              requestQuartersOfCoverageVerificationIndicator: true,
              requestTitleIIMonthlyIncomeDate: '202403',
              requestTitleIIAnnualIncomeDate: '2023',
            },
          ],
        },
      });
      expectValid(validRequest, message);
    });

    it('sends every indicator false and no optional field when nothing optional is asked', () => {
      const message = toRequest(request(undefined, { firstName: undefined, middleName: undefined }));
      expect(individualOf(message)).toEqual([
        {
          personSocialSecurityNumber: '123456789',
          personSurName: 'Silva',
          personBirthDate: '1980-02-29',
          requestCitizenshipVerificationIndicator: false,
          requestIncarcerationVerificationIndicator: false,
          requestTitleIIMonthlyIncomeVerificationIndicator: false,
          requestTitleIIAnnualIncomeVerificationIndicator: false,
          requestQuartersOfCoverageVerificationIndicator: false,
        },
      ]);
      expectValid(validRequest, message);
    });

    it('sends false for options explicitly set to false', () => {
      const [individual] = individualOf(toRequest(request({ citizenship: false, incarceration: false, quartersOfCoverage: false })));
      expect(individual).toMatchObject({
        requestCitizenshipVerificationIndicator: false,
        requestIncarcerationVerificationIndicator: false,
        requestQuartersOfCoverageVerificationIndicator: false,
      });
    });

    it('asks only for what was asked', () => {
      const [individual] = individualOf(toRequest(request({ citizenship: true, titleIIAnnualIncome: '2021' })));
      expect(individual).toMatchObject({
        requestCitizenshipVerificationIndicator: true,
        requestIncarcerationVerificationIndicator: false,
        requestTitleIIMonthlyIncomeVerificationIndicator: false,
        requestTitleIIAnnualIncomeVerificationIndicator: true,
        requestQuartersOfCoverageVerificationIndicator: false,
        requestTitleIIAnnualIncomeDate: '2021',
      });
      expect(individual).not.toHaveProperty('requestTitleIIMonthlyIncomeDate');
    });

    it('removes the dashes from the SSN and keeps an SSN given without dashes', () => {
      expect(individualOf(toRequest(request(undefined, { ssn: '078-05-1120' })))[0].personSocialSecurityNumber).toBe('078051120');
      expect(individualOf(toRequest(request(undefined, { ssn: '078051120' })))[0].personSocialSecurityNumber).toBe('078051120');
    });

    it('turns the monthly income month YYYY-MM into YYYYMM', () => {
      const message = toRequest(request({ titleIIMonthlyIncome: '2025-12' }));
      expect(individualOf(message)[0]).toMatchObject({
        requestTitleIIMonthlyIncomeVerificationIndicator: true,
        requestTitleIIMonthlyIncomeDate: '202512',
      });
      expectValid(validRequest, message);
    });

    it.each([
      ['no options', undefined],
      ['citizenship only', { citizenship: true }],
      ['income only', { titleIIMonthlyIncome: '2000-01', titleIIAnnualIncome: '2000' }],
      ['everything', { citizenship: true, incarceration: true, titleIIMonthlyIncome: '2099-09', titleIIAnnualIncome: '2099', quartersOfCoverage: true }],
    ])('produces a message valid per the real request schema (%s)', (_label, options) => {
      expectValid(validRequest, toRequest(request(options)));
    });

    it('is checked by a schema that really rejects a wrong message (sanity check of the validator)', () => {
      const message = toRequest(request());
      const [individual] = individualOf(message);
      expect(validRequest({ ssaCompositeRequest: { ssaCompositeIndividualRequestArray: [{ ...individual, personSocialSecurityNumber: '123-45-6789' }] } })).toBe(false);
      expect(validRequest({ ssaCompositeRequest: { ssaCompositeIndividualRequestArray: [{ ...individual, requestTitleIIMonthlyIncomeDate: '2024-03' }] } })).toBe(false);
    });
  });

  describe('interpret', () => {
    it('is verified for a verified, living SSN with nothing else asked', () => {
      const body = answer(living);
      expectValid(validResponse, body);
      expect(interpret(body, request())).toEqual({
        outcome: 'verified',
        responseCode: 'HS000000',
        result: { ssnVerified: true, deathConfirmed: false, responseCode: 'HS000000' },
      });
    });

    it('is not_verified when the SSN is not verified', () => {
      const body = answer({ ssnVerificationIndicator: false });
      expectValid(validResponse, body);
      const { outcome, result } = interpret(body, request());
      expect(outcome).toBe('not_verified');
      expect(result).toEqual({ ssnVerified: false, deathConfirmed: false, responseCode: 'HS000000' });
    });

    it('is not_verified when no ssaResponse came at all', () => {
      const body = answer(undefined);
      expectValid(validResponse, body);
      expect(interpret(body, request()).outcome).toBe('not_verified');
    });

    it('is not_verified when death is Confirmed', () => {
      const body = answer({ ssnVerificationIndicator: true, deathConfirmationCode: 'Confirmed' });
      expectValid(validResponse, body);
      const { outcome, result } = interpret(body, request());
      expect(outcome).toBe('not_verified');
      expect(result.deathConfirmed).toBe(true);
    });

    describe('citizenship', () => {
      it('is not_verified when asked and SSA says not a citizen', () => {
        const body = answer({ ...living, personUSCitizenIndicator: false });
        expectValid(validResponse, body);
        const { outcome, result } = interpret(body, request({ citizenship: true }));
        expect(outcome).toBe('not_verified');
        expect(result).toEqual({ ssnVerified: true, deathConfirmed: false, citizenshipVerified: false, responseCode: 'HS000000' });
      });

      it('is verified when asked and SSA confirms citizenship', () => {
        const { outcome, result } = interpret(answer({ ...living, personUSCitizenIndicator: true }), request({ citizenship: true }));
        expect(outcome).toBe('verified');
        expect(result.citizenshipVerified).toBe(true);
      });

      it('is not_verified when asked and SSA said nothing about it (citizenshipVerified null)', () => {
        const { outcome, result } = interpret(answer(living), request({ citizenship: true }));
        expect(outcome).toBe('not_verified');
        expect(result).toHaveProperty('citizenshipVerified', null);
      });

      it('is ignored, and not reported, when not asked', () => {
        const body = answer({ ...living, personUSCitizenIndicator: false });
        for (const options of [undefined, { citizenship: false }]) {
          const { outcome, result } = interpret(body, request(options));
          expect(outcome).toBe('verified');
          expect(result).not.toHaveProperty('citizenshipVerified');
        }
      });
    });

    describe('incarceration', () => {
      it('is not_verified when asked and the person is incarcerated, with the facility details', () => {
        const body = answer({ ...living, personIncarcerationInformationIndicator: true, ssaIncarcerationInformation: incarcerationInformation });
        expectValid(validResponse, body);
        const { outcome, result } = interpret(body, request({ incarceration: true }));
        expect(outcome).toBe('not_verified');
        expect(result).toEqual({
          ssnVerified: true,
          deathConfirmed: false,
          incarcerated: true,
          incarceration: { facilityCategoryCode: '02', confinementDate: '20200115' },
          responseCode: 'HS000000',
        });
      });

      it('is verified when SSA holds a record but the person is no longer in custody (inmateStatusIndicator false)', () => {
        const released = { ...incarcerationInformation, inmateStatusIndicator: false };
        const body = answer({ ...living, personIncarcerationInformationIndicator: true, ssaIncarcerationInformation: released });
        const { outcome, result } = interpret(body, request({ incarceration: true }));
        expect(outcome).toBe('verified');
        expect(result.incarcerated).toBe(false);
      });

      it('is verified when asked and the person is not incarcerated', () => {
        const { outcome, result } = interpret(answer({ ...living, personIncarcerationInformationIndicator: false }), request({ incarceration: true }));
        expect(outcome).toBe('verified');
        expect(result.incarcerated).toBe(false);
        expect(result).not.toHaveProperty('incarceration');
      });

      it('is ignored, and not reported, when not asked', () => {
        const body = answer({ ...living, personIncarcerationInformationIndicator: true, ssaIncarcerationInformation: incarcerationInformation });
        const { outcome, result } = interpret(body, request());
        expect(outcome).toBe('verified');
        expect(result).not.toHaveProperty('incarcerated');
        expect(result).not.toHaveProperty('incarceration');
      });
    });

    it('reports income and quarters of coverage only when asked', () => {
      const monthly = { personDisabledIndicator: false, ongoingMonthlyBenefitCreditedAmount: 1234.5 };
      const yearly = { incomeYear: '2023', yearlyIncomeAmount: 14_000 };
      const body = answer({
        ...living,
        ssaTitleIIMonthlyIncomeInformationIndicator: true,
        ssaTitleIIMonthlyIncome: monthly,
        ssaTitleIIAnnualIncomeInformationIndicator: true,
        ssaTitleIIYearlyIncome: yearly,
        ssaQuartersOfCoverageInformationIndicator: true,
        ssaQuartersOfCoverage: { lifeTimeQuarterQuantity: 37 },
      });
      expectValid(validResponse, body);

      const asked = interpret(body, request({ titleIIMonthlyIncome: '2024-03', titleIIAnnualIncome: '2023', quartersOfCoverage: true }));
      expect(asked.outcome).toBe('verified');
      expect(asked.result).toEqual({
        ssnVerified: true,
        deathConfirmed: false,
        titleIIMonthlyIncome: monthly,
        titleIIAnnualIncome: yearly,
        quartersOfCoverage: 37,
        responseCode: 'HS000000',
      });

      const notAsked = interpret(body, request());
      expect(Object.keys(notAsked.result).sort()).toEqual(['deathConfirmed', 'responseCode', 'ssnVerified']);
    });

    it('reports null for an asked item SSA did not answer', () => {
      const { result } = interpret(answer(living), request({ incarceration: true, titleIIAnnualIncome: '2023', quartersOfCoverage: true }));
      expect(result).toMatchObject({ incarcerated: null, titleIIAnnualIncome: null, quartersOfCoverage: null });
    });

    it('takes the response code of the individual first, then of the envelope, else "unknown"', () => {
      const individualCode = answer(living, { responseCode: 'HS000001', responseText: 'Success' });
      expect(interpret(individualCode, request()).responseCode).toBe('HS000001');
      expect(interpret(individualCode, request()).result.responseCode).toBe('HS000001');

      const envelopeOnly = { ssaCompositeResponse: { responseMetadata: { responseCode: 'HS000002', responseText: 'Success' } } };
      expectValid(validResponse, envelopeOnly);
      expect(interpret(envelopeOnly, request()).responseCode).toBe('HS000002');

      expect(interpret({ ssaCompositeResponse: {} }, request()).responseCode).toBe('unknown');
    });
  });
});
