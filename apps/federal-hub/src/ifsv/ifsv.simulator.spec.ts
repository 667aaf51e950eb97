import { useHubTestApp } from '../testing/federal-hub-test-app';
import { schemaAssertion } from '../testing/hub-calls';
import { LATEST_TAX_YEAR } from './ifsv-answer';
import { loadIfsvSchemas } from './ifsv.schemas';
import { IfsvApplicant, TaxFilerCategoryCode } from './ifsv.types';

const expectValidResponse = schemaAssertion(loadIfsvSchemas().response);
const IFSV = 'ifsv';

const person = (code: TaxFilerCategoryCode, ssn: string, personSurName = 'Silva'): IfsvApplicant => ({
  personGivenName: 'Ana',
  personSurName,
  personSocialSecurityNumber: ssn,
  taxFilerCategoryCode: code,
});
const primary = (ssn: string, lastName?: string) => person('PRIMARY', ssn, lastName);
const spouse = (ssn: string, lastName?: string) => person('SPOUSE', ssn, lastName);
const dependent = (ssn: string, lastName?: string) => person('DEPENDENT', ssn, lastName);
const ifsvRequest = (...applicantArray: IfsvApplicant[]) => ({ ifsvRequest: { requestID: '42', applicantArray } });

interface Household {
  aggregateTaxReturnIncomeAmount: number;
  applicantVerificationArray: { taxReturn: Record<string, unknown>; responseMetadataArray?: { responseMetadata: { responseCode: string } }[] }[];
  dependentVerificationArray?: { taxReturn: Record<string, unknown>; responseMetadataArray?: { responseMetadata: { responseCode: string } }[] }[];
}

const codesOf = (verifications: Household['applicantVerificationArray'] = []) =>
  verifications.map((v) => v.responseMetadataArray?.[0].responseMetadata.responseCode ?? 'return');
const metadataOf = (body: { ifsvResponse: { responseMetadataArray: { responseMetadata: unknown }[] } }) => body.ifsvResponse.responseMetadataArray[0].responseMetadata;

describe('POST /hub/ifsv', () => {
  const hub = useHubTestApp({ config: { slowMs: 30_000 } });

  async function household(...applicants: IfsvApplicant[]): Promise<Household> {
    const response = await hub.call(IFSV, ifsvRequest(...applicants));
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expectValidResponse(body);
    expect(body.ifsvResponse.requestID).toBe('42');
    return body.ifsvResponse.household;
  }

  describe('request checks', () => {
    it.each([
      ['no applicant', ifsvRequest(), /must NOT have fewer than 1 items/],
      ['no requestID', { ifsvRequest: { applicantArray: [primary('123456780')] } }, /missing required property 'requestID'/],
      ['an unknown category', ifsvRequest({ ...primary('123456780'), taxFilerCategoryCode: 'CHILD' as TaxFilerCategoryCode }), /must be equal to one of the allowed values/],
      ['an apostrophe in a name', ifsvRequest(primary('123456780', "O'Brien")), /personSurName has an invalid format/],
      ['a birth date', ifsvRequest({ ...primary('123456780'), personBirthDate: '1980-01-01' } as IfsvApplicant), /unexpected property 'personBirthDate'/],
      ['two PRIMARY applicants', ifsvRequest(primary('123456780'), primary('223456781')), /exactly one PRIMARY and at most one SPOUSE/],
      ['no PRIMARY', ifsvRequest(spouse('123456780')), /exactly one PRIMARY and at most one SPOUSE/],
      ['two SPOUSE applicants', ifsvRequest(primary('123456780'), spouse('223456781'), spouse('323456782')), /exactly one PRIMARY and at most one SPOUSE/],
    ])('answers 400 HE007000 for %s, in the IFSV envelope, without echoing an SSN', async (_label, payload, text) => {
      const response = await hub.call(IFSV, payload);
      expect(response.statusCode).toBe(400);
      const body = response.json();
      expect(metadataOf(body)).toEqual({ responseCode: 'HE007000', responseText: expect.stringMatching(text) });
      expectValidResponse(body);
      expect(response.body).not.toMatch(/[0-9]{9}/);
    });
  });

  describe('deterministic answers by the last digit of the PRIMARY SSN', () => {
    it.each(['0', '1', '2', '3', '4'])('%s: a single return for the latest tax year', async (digit) => {
      const ssn = `12345678${digit}`;
      const { applicantVerificationArray, aggregateTaxReturnIncomeAmount, dependentVerificationArray } = await household(primary(ssn));
      expect(applicantVerificationArray).toHaveLength(1);
      const [{ taxReturn, responseMetadataArray }] = applicantVerificationArray;
      expect(responseMetadataArray).toBeUndefined();
      expect(taxReturn).toEqual({
        taxFilerSSN: ssn,
        taxReturnYear: LATEST_TAX_YEAR,
        taxReturnFilingStatusCode: '1',
        taxReturnIncomeAmount: expect.any(Number),
        taxableSocialSecurityBenefitsAmount: expect.any(Number),
        totalExemptionsQuantity: 1,
      });
      expect(Number.isInteger(taxReturn.taxReturnIncomeAmount)).toBe(true);
      expect(aggregateTaxReturnIncomeAmount).toBe(taxReturn.taxReturnIncomeAmount);
      expect(dependentVerificationArray).toBeUndefined();
    });

    it('files jointly with a spouse: one return naming both, exemptions for everyone claimed', async () => {
      const { applicantVerificationArray } = await household(primary('123456780'), spouse('223456781'), dependent('323456782'), dependent('423456783'));
      expect(applicantVerificationArray).toEqual([
        {
          taxReturn: expect.objectContaining({ taxFilerSSN: '123456780', spouseSSN: '223456781', taxReturnFilingStatusCode: '2', totalExemptionsQuantity: 4 }),
        },
      ]);
    });

    it('files as head of household with dependents and no spouse', async () => {
      const { applicantVerificationArray } = await household(dependent('323456782'), primary('123456781'));
      expect(applicantVerificationArray[0].taxReturn).toMatchObject({ taxReturnFilingStatusCode: '4', totalExemptionsQuantity: 2 });
    });

    it('5: an adjusted return, reported with its AGI only', async () => {
      const { applicantVerificationArray, aggregateTaxReturnIncomeAmount } = await household(primary('123456785'));
      const { taxReturn } = applicantVerificationArray[0];
      expect(taxReturn).toEqual({
        taxFilerSSN: '123456785',
        taxReturnYear: LATEST_TAX_YEAR,
        taxReturnFilingStatusCode: '1',
        adjustedTaxReturnIncomeAmount: expect.any(Number),
        totalExemptionsQuantity: 1,
      });
      expect(aggregateTaxReturnIncomeAmount).toBe(0);
    });

    it('6: return information unavailable (HE020004) for the filer and the spouse', async () => {
      const { applicantVerificationArray } = await household(primary('123456786'), spouse('223456780'));
      expect(applicantVerificationArray).toEqual([
        { taxReturn: { taxFilerSSN: '123456786' }, responseMetadataArray: [{ responseMetadata: { responseCode: 'HE020004', responseText: 'Return information is unavailable' } }] },
        { taxReturn: { taxFilerSSN: '223456780' }, responseMetadataArray: [{ responseMetadata: { responseCode: 'HE020004', responseText: 'Return information is unavailable' } }] },
      ]);
    });

    it('7: spouse mismatch (HE020003)', async () => {
      const { applicantVerificationArray } = await household(primary('123456787'), spouse('223456780'));
      expect(applicantVerificationArray).toEqual([
        {
          taxReturn: { taxFilerSSN: '123456787' },
          responseMetadataArray: [{ responseMetadata: { responseCode: 'HE020003', responseText: 'Unable to provide income data due to spouse mismatch' } }],
        },
      ]);
    });

    it('8: HTTP 500 HE020001 systemic error, every time, in the request-level envelope', async () => {
      for (let call = 0; call < 2; call++) {
        const response = await hub.call(IFSV, ifsvRequest(primary('123456788'), spouse('223456780')));
        expect(response.statusCode).toBe(500);
        expect(response.json()).toEqual({ ifsvResponse: { responseMetadataArray: [{ responseMetadata: { responseCode: 'HE020001', responseText: 'Systemic Error' } }] } });
        expectValidResponse(response.json());
      }
    });

    it('9: a return for the year before the latest', async () => {
      const { applicantVerificationArray } = await household(primary('123456789'));
      expect(applicantVerificationArray[0].taxReturn).toMatchObject({ taxReturnYear: LATEST_TAX_YEAR - 1, taxReturnIncomeAmount: expect.any(Number) });
    });

    it("answers each dependent by their own SSN: 0-5 a return of their own, 6-9 HE020004; the household's income adds the returns found", async () => {
      const { applicantVerificationArray, dependentVerificationArray, aggregateTaxReturnIncomeAmount } = await household(
        primary('123456780'),
        dependent('323456785'),
        dependent('323456786'),
      );
      expect(codesOf(dependentVerificationArray)).toEqual(['return', 'HE020004']);
      expect(dependentVerificationArray![0].taxReturn).toMatchObject({
        taxFilerSSN: '323456785',
        taxReturnYear: LATEST_TAX_YEAR,
        taxReturnFilingStatusCode: '1',
        totalExemptionsQuantity: 0,
      });
      expect(aggregateTaxReturnIncomeAmount).toBe(
        (applicantVerificationArray[0].taxReturn.taxReturnIncomeAmount as number) + (dependentVerificationArray![0].taxReturn.taxReturnIncomeAmount as number),
      );
    });

    it("answers dependents the same way when the filer's return is unavailable", async () => {
      const { applicantVerificationArray, dependentVerificationArray } = await household(primary('123456786'), dependent('323456781'));
      expect(codesOf(applicantVerificationArray)).toEqual(['HE020004']);
      expect(codesOf(dependentVerificationArray)).toEqual(['return']);
    });

    it('gives the same answer to the same request', async () => {
      const payload = ifsvRequest(primary('223344550'), spouse('323344551'), dependent('423344552'));
      const first = await hub.call(IFSV, payload);
      const second = await hub.call(IFSV, payload);
      expect(first.json()).toEqual(second.json());
    });
  });

  describe('lastName fault triggers, for every member of the household', () => {
    it('Transient on the spouse: 500 HX009000 twice for that SSN, then the answer', async () => {
      const payload = ifsvRequest(primary('123456780'), spouse('223456781', 'Transient'));
      const statuses: number[] = [];
      for (let call = 0; call < 3; call++) {
        const response = await hub.call(IFSV, payload);
        statuses.push(response.statusCode);
        expectValidResponse(response.json());
        if (response.statusCode === 500) expect(metadataOf(response.json())).toMatchObject({ responseCode: 'HX009000' });
      }
      expect(statuses).toEqual([500, 500, 200]);
    });

    it('Transient counts calls per SSN: two Transient members fail two calls, not four', async () => {
      const payload = ifsvRequest(primary('123456780', 'Transient'), dependent('323456781', 'Transient'));
      const statuses: number[] = [];
      for (let call = 0; call < 3; call++) statuses.push((await hub.call(IFSV, payload)).statusCode);
      expect(statuses).toEqual([500, 500, 200]);
    });

    it('Sourcedown on a dependent: 500 HX005001 on every call', async () => {
      for (let call = 0; call < 3; call++) {
        const response = await hub.call(IFSV, ifsvRequest(primary('123456780'), dependent('323456781', 'Sourcedown')));
        expect(response.statusCode).toBe(500);
        expect(metadataOf(response.json())).toMatchObject({ responseCode: 'HX005001' });
      }
    });

    it('Rejected on the primary: 400 HE007000', async () => {
      const response = await hub.call(IFSV, ifsvRequest(primary('123456780', 'REJECTED')));
      expect(response.statusCode).toBe(400);
      expect(metadataOf(response.json())).toMatchObject({ responseCode: 'HE007000' });
      expectValidResponse(response.json());
    });

    it('Slow: the first call for the SSN hangs SIMULATOR_SLOW_MS, the next answers at once', async () => {
      const payload = ifsvRequest(primary('123456780', 'slow'));
      expect((await hub.call(IFSV, payload)).statusCode).toBe(200);
      expect((await hub.call(IFSV, payload)).statusCode).toBe(200);
      expect(hub.clock.sleeps).toEqual([30_000]);
    });

    it('a trigger beats the answer of the last digit (8 would be HE020001)', async () => {
      const response = await hub.call(IFSV, ifsvRequest(primary('123456788', 'Rejected')));
      expect(response.statusCode).toBe(400);
    });
  });

  it("irs chaos faults apply to IFSV and not to another source's", async () => {
    await hub.putFaults({ irs: { outage: true } });
    const response = await hub.call(IFSV, ifsvRequest(primary('123456780')));
    expect(response.statusCode).toBe(503);
    expect(metadataOf(response.json())).toMatchObject({ responseCode: 'HX009000' });
    expectValidResponse(response.json());
    await hub.putFaults({ irs: {}, equifax: { outage: true } });
    expect((await hub.call(IFSV, ifsvRequest(primary('123456780')))).statusCode).toBe(200);
  });
});
