import type { ValidateFunction } from 'ajv';
import { draft04SchemaId, federalSchemaFolder, loadDraft04Schemas } from '@dxhub/platform';
import { VerificationRequestValidator } from './request-validator';
import type { VerificationRequest } from './service-definition';
import { vci } from './vci.service';

const ajv = loadDraft04Schemas(federalSchemaFolder('vci'));
const validRequest = ajv.getSchema(draft04SchemaId('VCI-Request-schema.json')) as ValidateFunction;
const validResponse = ajv.getSchema(draft04SchemaId('VCI-Response-schema.json')) as ValidateFunction;

function expectValid(validate: ValidateFunction, message: unknown): void {
  const ok = validate(message);
  expect(validate.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
}

const subject = { ssn: '123-45-6780', firstName: 'Ana', middleName: 'B', lastName: 'Silva', dateOfBirth: '1980-02-29' };
const request = (patch: Record<string, unknown> = {}): VerificationRequest => ({ service: 'vci', subject: { ...subject, ...patch } });
const { toRequest, interpret } = vci.federal;

const HS = { responseCode: 'HS000000', responseText: 'Success' };
const answer = (employmentArray?: object[], metadata: object = HS) => ({
  vciResponse: { responseMetadata: metadata, verificationID: 'TWN000123000456', asOfDate: '2025-06-30', ...(employmentArray ? { employmentArray } : {}) },
});
const hourlyJob = {
  employerName: 'Example Manufacturing Co',
  employmentStatusCode: 'ACTIVE',
  mostRecentHireDate: '2019-03-04',
  payRateAmount: 21.5,
  payRateFrequencyCode: 'HOURLY',
  payFrequencyCode: 'BIWEEKLY',
  annualizedIncomeAmount: 35776,
  payPeriodEndDate: '2025-06-27',
  payPeriodGrossIncomeAmount: 1376,
};
const salariedJob = {
  employerName: 'Sample Health Systems',
  employmentStatusCode: 'ACTIVE',
  payRateAmount: 64000,
  payRateFrequencyCode: 'ANNUAL',
  payFrequencyCode: 'SEMIMONTHLY',
  annualizedIncomeAmount: 64000,
  payPeriodEndDate: '2025-06-30',
  payPeriodGrossIncomeAmount: 2666.67,
};
const formerJob = { ...hourlyJob, employerName: 'Mock Retail Group', employmentStatusCode: 'INACTIVE', terminationDate: '2024-09-13', payPeriodEndDate: '2024-09-13' };

describe('vci service definition', () => {
  it('is the Equifax income service, synchronous, on the project-written VCI schemas', () => {
    expect(vci).toMatchObject({ service: 'vci', category: 'income', source: 'equifax', mode: 'sync' });
    expect(vci.federal.path).toBe('/hub/vci');
    expect(vci.federal.schemas).toEqual({ folder: 'vci', request: 'VCI-Request-schema.json', response: 'VCI-Response-schema.json' });
  });

  it('takes the person as SSA Composite does: SSN, surname and birth date required, no options', () => {
    const validator = new VerificationRequestValidator();
    expect(validator.validate({ service: 'vci', subject, reference: 'case-9' }).ok).toBe(true);
    expect(validator.validate({ service: 'vci', subject: { ssn: subject.ssn, lastName: 'Silva', dateOfBirth: '1980-02-29' } }).ok).toBe(true);
    const refused = validator.validate({ service: 'vci', subject: { ...subject, dateOfBirth: undefined }, options: {} });
    expect(refused.ok ? [] : refused.errors.map((error) => error.field).sort()).toEqual(['options', 'subject.dateOfBirth']);
  });

  describe('toRequest', () => {
    it('maps the subject to the VCI request', () => {
      const message = toRequest(request());
      expect(message).toEqual({
        vciRequest: { personSocialSecurityNumber: '123456780', personGivenName: 'Ana', personMiddleName: 'B', personSurName: 'Silva', personBirthDate: '1980-02-29' },
      });
      expectValid(validRequest, message);
    });

    it('leaves out the names not given', () => {
      const message = toRequest(request({ firstName: undefined, middleName: undefined }));
      expect(message).toEqual({ vciRequest: { personSocialSecurityNumber: '123456780', personSurName: 'Silva', personBirthDate: '1980-02-29' } });
      expectValid(validRequest, message);
    });
  });

  describe('interpret', () => {
    it('is verified with a current employer, every field in camelCase and codes in lower case', () => {
      const body = answer([hourlyJob]);
      expectValid(validResponse, body);
      expect(interpret(body)).toEqual({
        outcome: 'verified',
        responseCode: 'HS000000',
        result: {
          employers: [
            {
              employerName: 'Example Manufacturing Co',
              employmentStatus: 'active',
              hireDate: '2019-03-04',
              terminationDate: null,
              payRate: 21.5,
              payRateFrequency: 'hourly',
              payFrequency: 'biweekly',
              annualizedIncome: 35776,
              payPeriodIncome: 1376,
              payPeriodEndDate: '2025-06-27',
            },
          ],
          annualizedIncome: 35776,
          asOfDate: '2025-06-30',
          verificationId: 'TWN000123000456',
          responseCode: 'HS000000',
        },
      });
    });

    it('adds up the current employers only', () => {
      const body = answer([hourlyJob, salariedJob, formerJob]);
      expectValid(validResponse, body);
      const { outcome, result } = interpret(body);
      expect(outcome).toBe('verified');
      expect(result.annualizedIncome).toBe(99776);
      expect((result.employers as { employmentStatus: string }[]).map((e) => e.employmentStatus)).toEqual(['active', 'active', 'inactive']);
    });

    it('counts an employee on leave as employed', () => {
      const body = answer([{ ...salariedJob, employmentStatusCode: 'ON_LEAVE' }]);
      expectValid(validResponse, body);
      expect(interpret(body).outcome).toBe('verified');
    });

    it('is not_verified when every employment on record has ended', () => {
      const body = answer([formerJob]);
      expectValid(validResponse, body);
      const { outcome, result } = interpret(body);
      expect(outcome).toBe('not_verified');
      expect(result.annualizedIncome).toBe(0);
      expect((result.employers as object[])[0]).toMatchObject({ employmentStatus: 'inactive', terminationDate: '2024-09-13' });
    });

    it('is inconclusive when The Work Number has no record of the person', () => {
      const body = answer(undefined, { ...HS, tdsResponseText: 'No employment record found' });
      expectValid(validResponse, body);
      expect(interpret(body)).toEqual({
        outcome: 'inconclusive',
        responseCode: 'HS000000',
        result: { employers: [], annualizedIncome: null, asOfDate: '2025-06-30', verificationId: 'TWN000123000456', responseCode: 'HS000000' },
      });
    });

    it('is inconclusive on a code other than success', () => {
      const body = answer([hourlyJob], { responseCode: 'HE009999', responseText: 'Partial data' });
      expectValid(validResponse, body);
      expect(interpret(body).outcome).toBe('inconclusive');
    });

    it('rounds the total to cents', () => {
      const body = answer([{ ...hourlyJob, annualizedIncomeAmount: 0.1 }, { ...salariedJob, annualizedIncomeAmount: 0.2 }]);
      expect(interpret(body).result.annualizedIncome).toBe(0.3);
    });
  });
});
