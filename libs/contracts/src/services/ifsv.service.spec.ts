import type { ValidateFunction } from 'ajv';
import { draft04SchemaId, federalSchemaFolder, loadDraft04Schemas } from '@dxhub/platform';
import { HouseholdMember, ifsv } from './ifsv.service';
import { VerificationRequestValidator } from './request-validator';
import type { VerificationRequest } from './service-definition';

const ajv = loadDraft04Schemas(federalSchemaFolder('ifsv-rj9t'));
const validRequest = ajv.getSchema(draft04SchemaId('IFSV-Request-schema.json')) as ValidateFunction;
const validResponse = ajv.getSchema(draft04SchemaId('IFSV-Response-schema.json')) as ValidateFunction;

function expectValid(validate: ValidateFunction, message: unknown): void {
  const ok = validate(message);
  expect(validate.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
}

const primary: HouseholdMember = { role: 'PRIMARY', ssn: '123-45-6780', firstName: 'Ana', middleName: 'B', lastName: 'Silva' };
const spouse: HouseholdMember = { role: 'SPOUSE', ssn: '223-45-6781', firstName: 'Rui', lastName: 'Silva' };
const child: HouseholdMember = { role: 'DEPENDENT', ssn: '323456782', firstName: 'Eva', lastName: 'Silva' };
const request = (...household: HouseholdMember[]): VerificationRequest => ({ service: 'ifsv', household });

const { toRequest, interpret } = ifsv.federal;
const applicantsOf = (message: unknown) => (message as { ifsvRequest: { applicantArray: Record<string, unknown>[] } }).ifsvRequest.applicantArray;

const returnOf = (metadata?: { responseCode: string; responseText: string }, taxReturn: Record<string, unknown> = {}) => ({
  taxReturn: { taxFilerSSN: '123456780', ...taxReturn },
  ...(metadata ? { responseMetadataArray: [{ responseMetadata: metadata }] } : {}),
});
const answer = (household: Record<string, unknown>) => ({ ifsvResponse: { requestID: '1', household } });
const joint = {
  taxFilerSSN: '123456780',
  spouseSSN: '223456781',
  taxReturnYear: 2024,
  taxReturnFilingStatusCode: '2',
  taxReturnIncomeAmount: 84000,
  taxableSocialSecurityBenefitsAmount: 1250.5,
  totalExemptionsQuantity: 3,
};
const UNAVAILABLE = { responseCode: 'HE020004', responseText: 'Return information is unavailable' };
const MISMATCH = { responseCode: 'HE020003', responseText: 'Unable to provide income data due to spouse mismatch' };

describe('ifsv service definition', () => {
  it('is the IRS income service, synchronous, marked FTI, on the real RJ9T schemas', () => {
    expect(ifsv).toMatchObject({ service: 'ifsv', category: 'income', source: 'irs', mode: 'sync', fti: true });
    expect(ifsv.federal.path).toBe('/hub/ifsv');
    expect(ifsv.federal.schemas).toEqual({ folder: 'ifsv-rj9t', request: 'IFSV-Request-schema.json', response: 'IFSV-Response-schema.json' });
  });

  it("is about the PRIMARY's SSN, wherever the PRIMARY stands in the household", () => {
    expect(ifsv.subjectSsn(request(child, spouse, primary))).toBe('123-45-6780');
    expect(ifsv.subjectSsn({ service: 'ifsv' })).toBeUndefined();
  });

  describe('request schema', () => {
    const validator = new VerificationRequestValidator();
    const errorsOf = (body: unknown) => {
      const result = validator.validate(body);
      return result.ok ? [] : result.errors;
    };

    it.each([
      ['a PRIMARY alone', [primary]],
      ['a PRIMARY with a spouse and dependents', [primary, spouse, child, { ...child, ssn: '323-45-6783' }]],
      ['members in any order', [child, primary]],
    ])('accepts %s', (_label, household) => {
      expect(errorsOf({ service: 'ifsv', household, reference: 'case-1' })).toEqual([]);
    });

    it.each([
      ['two PRIMARY members', [primary, { ...spouse, role: 'PRIMARY' }], 'must have exactly one member with role PRIMARY'],
      ['no PRIMARY', [spouse, child], 'must have exactly one member with role PRIMARY'],
      ['two SPOUSE members', [primary, spouse, { ...child, role: 'SPOUSE' }], 'must have at most one member with role SPOUSE'],
    ])('refuses %s, naming the household', (_label, household, message) => {
      expect(errorsOf({ service: 'ifsv', household })).toEqual([{ field: 'household', message }]);
    });

    it.each([
      ['no household', { service: 'ifsv' }, 'household'],
      ['an empty household', { service: 'ifsv', household: [] }, 'household'],
      ['a member without a given name (RJ9T requires it)', { service: 'ifsv', household: [{ ...primary, firstName: undefined }] }, 'household.0.firstName'],
      ['an unknown role', { service: 'ifsv', household: [primary, { ...child, role: 'CHILD' }] }, 'household.1.role'],
      ['an invalid SSN', { service: 'ifsv', household: [{ ...primary, ssn: '666-12-3456' }] }, 'household.0.ssn'],
      ['a birth date (RJ9T takes none)', { service: 'ifsv', household: [{ ...primary, dateOfBirth: '1980-01-01' }] }, 'household.0.dateOfBirth'],
      ['a tax year (IRS picks the year)', { service: 'ifsv', household: [primary], taxYear: 2023 }, 'taxYear'],
      ['a subject', { service: 'ifsv', household: [primary], subject: { ssn: '123-45-6780' } }, 'subject'],
    ])('refuses %s', (_label, body, field) => {
      expect(errorsOf(body).map((error) => error.field)).toContain(field);
    });

    it('takes at most 99 members, as RJ9T does', () => {
      const dependents = Array.from({ length: 98 }, () => child);
      expect(errorsOf({ service: 'ifsv', household: [primary, ...dependents] })).toEqual([]);
      expect(errorsOf({ service: 'ifsv', household: [primary, ...dependents, child] })).toEqual([{ field: 'household', message: 'must NOT have more than 99 items' }]);
    });
  });

  describe('toRequest', () => {
    it('maps each member to an RJ9T applicant with its tax filer category', () => {
      const message = toRequest(request(primary, spouse, child));
      expect(message).toEqual({
        ifsvRequest: {
          requestID: '1',
          applicantArray: [
            { personGivenName: 'Ana', personMiddleName: 'B', personSurName: 'Silva', personSocialSecurityNumber: '123456780', taxFilerCategoryCode: 'PRIMARY' },
            { personGivenName: 'Rui', personSurName: 'Silva', personSocialSecurityNumber: '223456781', taxFilerCategoryCode: 'SPOUSE' },
            { personGivenName: 'Eva', personSurName: 'Silva', personSocialSecurityNumber: '323456782', taxFilerCategoryCode: 'DEPENDENT' },
          ],
        },
      });
      expectValid(validRequest, message);
    });

    it('sends the suffix as personNameSuffix', () => {
      const [applicant] = applicantsOf(toRequest(request({ ...primary, suffix: 'Jr.' })));
      expect(applicant.personNameSuffix).toBe('Jr.');
    });

    it("drops the apostrophes and double hyphens RJ9T refuses in names, keeping what it accepts", () => {
      const message = toRequest(request({ ...primary, firstName: "D'Arcy", lastName: "O'Brien--Smith", middleName: 'Ann-Marie' }));
      expect(applicantsOf(message)[0]).toMatchObject({ personGivenName: 'DArcy', personMiddleName: 'Ann-Marie', personSurName: 'OBrien-Smith' });
      expectValid(validRequest, message);
      expect(validRequest({ ifsvRequest: { requestID: '1', applicantArray: [{ ...applicantsOf(message)[0], personSurName: "O'Brien" }] } })).toBe(false);
    });
  });

  describe('interpret', () => {
    it('is verified when IRS returns the tax filers\' return, mapped to camelCase with SSNs cut to their last four', () => {
      const body = answer({ aggregateTaxReturnIncomeAmount: 84000, applicantVerificationArray: [{ taxReturn: joint }] });
      expectValid(validResponse, body);
      expect(interpret(body, request(primary, spouse))).toEqual({
        outcome: 'verified',
        responseCode: 'HS000000',
        result: {
          taxReturns: [
            {
              role: 'PRIMARY',
              ssnLast4: '6780',
              spouseSsnLast4: '6781',
              taxReturnYear: 2024,
              filingStatusCode: '2',
              agi: null,
              magi: 84000,
              taxableSocialSecurity: 1250.5,
              exemptions: 3,
              responseCode: 'HS000000',
            },
          ],
          householdIncome: 84000,
          responseCode: 'HS000000',
        },
      });
    });

    it("reads an adjusted return's AGI", () => {
      const body = answer({ applicantVerificationArray: [returnOf(undefined, { taxReturnYear: 2024, taxReturnFilingStatusCode: '1', adjustedTaxReturnIncomeAmount: 51000, totalExemptionsQuantity: 1 })] });
      expectValid(validResponse, body);
      const { outcome, result } = interpret(body, request(primary));
      expect(outcome).toBe('verified');
      expect((result.taxReturns as object[])[0]).toMatchObject({ agi: 51000, magi: null, taxableSocialSecurity: null, filingStatusCode: '1' });
      expect(result.householdIncome).toBeNull();
    });

    it('is inconclusive when IRS has no return information for the filer (HE020004)', () => {
      const body = answer({ applicantVerificationArray: [returnOf(UNAVAILABLE)] });
      expectValid(validResponse, body);
      const { outcome, responseCode, result } = interpret(body, request(primary));
      expect(outcome).toBe('inconclusive');
      expect(responseCode).toBe('HE020004');
      expect(result.taxReturns).toEqual([
        { role: 'PRIMARY', ssnLast4: '6780', spouseSsnLast4: null, taxReturnYear: null, filingStatusCode: null, agi: null, magi: null, taxableSocialSecurity: null, exemptions: null, responseCode: 'HE020004' },
      ]);
    });

    it('is not_verified on a spouse mismatch (HE020003), even beside an unavailable return', () => {
      const body = answer({ applicantVerificationArray: [returnOf(MISMATCH), returnOf(UNAVAILABLE, { taxFilerSSN: '223456781' })] });
      expectValid(validResponse, body);
      const { outcome, responseCode, result } = interpret(body, request(primary, spouse));
      expect(outcome).toBe('not_verified');
      expect(responseCode).toBe('HE020003');
      expect(result.responseCode).toBe('HE020003');
      expect((result.taxReturns as { role: string }[]).map((r) => r.role)).toEqual(['PRIMARY', 'SPOUSE']);
    });

    it('is not_verified when IRS reports APTC not reconciled (HE020010)', () => {
      const body = answer({ applicantVerificationArray: [returnOf({ responseCode: 'HE020010', responseText: 'Tax household filed a tax return and did not reconcile APTC' }, joint)] });
      expect(interpret(body, request(primary, spouse)).outcome).toBe('not_verified');
    });

    it("lists dependents' answers without letting a dependent's missing return change the outcome", () => {
      const dependentReturn = { taxFilerSSN: '323456782', taxReturnYear: 2024, taxReturnFilingStatusCode: '1', taxReturnIncomeAmount: 3000, totalExemptionsQuantity: 0 };
      const body = answer({
        aggregateTaxReturnIncomeAmount: 87000,
        applicantVerificationArray: [{ taxReturn: joint }],
        dependentVerificationArray: [{ taxReturn: dependentReturn }, returnOf(UNAVAILABLE, { taxFilerSSN: '323456783' })],
      });
      expectValid(validResponse, body);
      const { outcome, result } = interpret(body, request(primary, spouse, child, { ...child, ssn: '323-45-6783' }));
      expect(outcome).toBe('verified');
      expect(result.taxReturns).toMatchObject([
        { role: 'PRIMARY', magi: 84000 },
        { role: 'DEPENDENT', ssnLast4: '6782', magi: 3000, exemptions: 0, responseCode: 'HS000000' },
        { role: 'DEPENDENT', ssnLast4: '6783', magi: null, responseCode: 'HE020004' },
      ]);
      expect(result.householdIncome).toBe(87000);
    });

    it('is inconclusive when IRS answered nothing for the tax filers', () => {
      for (const household of [{}, { applicantVerificationArray: [] }]) {
        const body = answer(household);
        expectValid(validResponse, body);
        expect(interpret(body, request(primary))).toEqual({ outcome: 'inconclusive', responseCode: 'HS000000', result: { taxReturns: [], householdIncome: null, responseCode: 'HS000000' } });
      }
    });

    it('reads a success code in a responseMetadataArray as a return found', () => {
      const body = answer({ applicantVerificationArray: [returnOf({ responseCode: 'HS000000', responseText: 'Success' }, joint)] });
      expect(interpret(body, request(primary, spouse)).outcome).toBe('verified');
    });
  });
});
