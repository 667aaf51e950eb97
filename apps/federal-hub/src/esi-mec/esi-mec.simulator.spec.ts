import { useHubTestApp } from '../testing/federal-hub-test-app';
import { schemaAssertion } from '../testing/hub-calls';
import { esiApplicant, esiRequest } from './esi-mec.fixtures';
import { loadEsiMecSchemas } from './esi-mec.schemas';

const expectValidResponse = schemaAssertion(loadEsiMecSchemas().response);
const ESI = 'esi-mec';

type Body = { esiMECResponse: { responseMetadata?: { responseCode: string; responseText: string }; applicantResponseArray?: Record<string, unknown>[] } };
const metadataOf = (body: Body) => body.esiMECResponse.responseMetadata;
const applicantsOf = (body: Body) => body.esiMECResponse.applicantResponseArray!;

describe('POST /hub/esi-mec', () => {
  const hub = useHubTestApp({ config: { slowMs: 30_000 } });

  describe('answers by the last digit of the SSN', () => {
    it.each([
      ['0', { applicantEligibleESIIndicator: false, applicantInsuredIndicator: false, inconsistencyIndicator: false }],
      ['4', { applicantEligibleESIIndicator: false, applicantInsuredIndicator: false, inconsistencyIndicator: false }],
      ['5', { applicantEligibleESIIndicator: true, applicantInsuredIndicator: false, inconsistencyIndicator: false, employeeMonthlyPremiumAmount: expect.any(Number) }],
      ['6', { applicantEligibleESIIndicator: true, applicantInsuredIndicator: true, inconsistencyIndicator: false, employeeMonthlyPremiumAmount: expect.any(Number) }],
      ['7', { applicantEligibleESIIndicator: false, applicantInsuredIndicator: true, inconsistencyIndicator: false }],
      ['8', { inconsistencyIndicator: true }],
    ])('last digit %s', async (digit, information) => {
      const ssn = `12345678${digit}`;
      const response = await hub.call(ESI, esiRequest(esiApplicant(ssn)));
      expect(response.statusCode).toBe(200);
      const body = response.json<Body>();
      expectValidResponse(body);
      expect(metadataOf(body)).toBeUndefined();
      expect(applicantsOf(body)).toEqual([
        {
          personSocialSecurityNumber: ssn,
          applicantMECInformation: { requestedCoveragePeriod: { startDate: '2026-01-01', endDate: '2026-12-31' }, ...information },
          responseMetadata: { responseCode: 'HS000000', responseText: 'Success' },
        },
      ]);
    });

    it('last digit 9: 200 with the applicant code HE014001 and no coverage information', async () => {
      const response = await hub.call(ESI, esiRequest(esiApplicant('123456789')));
      expect(response.statusCode).toBe(200);
      expectValidResponse(response.json());
      const [applicant] = applicantsOf(response.json());
      expect(applicant).not.toHaveProperty('applicantMECInformation');
      expect(applicant.responseMetadata).toMatchObject({ responseCode: 'HE014001' });
    });

    it('answers each applicant of a household, in order, and the same request the same way', async () => {
      const payload = esiRequest(esiApplicant('123456786'), esiApplicant('123456780', { personSexCode: 'M', usStateCode: 'AP' }));
      const first = await hub.call(ESI, payload);
      const second = await hub.call(ESI, payload);
      expectValidResponse(first.json());
      expect(applicantsOf(first.json()).map((applicant) => applicant.personSocialSecurityNumber)).toEqual(['123456786', '123456780']);
      expect(first.json()).toEqual(second.json());
    });
  });

  describe('request validation (400 HE007000, top-level metadata only)', () => {
    it.each([
      ['a state outside the Hub list', esiRequest(esiApplicant('123456780', { usStateCode: 'XX' })), /usStateCode must be equal to one of the allowed values/],
      ['a missing given name', esiRequest(esiApplicant('123456780', { personGivenName: undefined })), /missing required property 'personGivenName'/],
      ['a missing coverage period', esiRequest(esiApplicant('123456780', { requestedCoveragePeriod: undefined })), /missing required property 'requestedCoveragePeriod'/],
      ['an unknown sex code', esiRequest(esiApplicant('123456780', { personSexCode: 'X' as 'F' })), /personSexCode must be equal to one of the allowed values/],
      ['an impossible date', esiRequest(esiApplicant('123456780', { personBirthDate: '1981-02-29' })), /personBirthDate has an invalid format/],
      ['no applicant array', { esiMECRequest: {} }, /missing required property 'applicantRequestArray'/],
      ['an empty applicant array', esiRequest(), /must NOT have fewer than 1 items/],
      [
        'a period ending before it starts',
        esiRequest(esiApplicant('123456780'), esiApplicant('123456781', { requestedCoveragePeriod: { startDate: '2026-06-01', endDate: '2026-05-31' } })),
        /applicantRequestArray\/1\/requestedCoveragePeriod has an endDate before its startDate/,
      ],
    ])('answers 400 HE007000 for %s, without echoing the SSN', async (_label, payload, text) => {
      const response = await hub.call(ESI, payload);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ esiMECResponse: { responseMetadata: { responseCode: 'HE007000', responseText: expect.stringMatching(text) } } });
      expect(response.body).not.toMatch(/12345678[01]/);
      expectValidResponse(response.json());
    });

    it('accepts a one-day period', async () => {
      const payload = esiRequest(esiApplicant('123456780', { requestedCoveragePeriod: { startDate: '2026-03-01', endDate: '2026-03-01' } }));
      expect((await hub.call(ESI, payload)).statusCode).toBe(200);
    });
  });

  describe('lastName fault triggers, keyed by SSN', () => {
    const subject = (lastName: string, ssn = '123456780') => esiRequest(esiApplicant(ssn, { personSurName: lastName }));

    it('Transient: 500 HX009000 twice per SSN, then the answer', async () => {
      const statuses: number[] = [];
      for (let call = 0; call < 3; call++) {
        const response = await hub.call(ESI, subject('Transient'));
        statuses.push(response.statusCode);
        expectValidResponse(response.json());
        if (response.statusCode === 500) expect(metadataOf(response.json())).toMatchObject({ responseCode: 'HX009000' });
      }
      expect(statuses).toEqual([500, 500, 200]);
      expect((await hub.call(ESI, subject('transient', '123456781'))).statusCode).toBe(500);
    });

    it('Sourcedown: 500 HX005001 on every call', async () => {
      for (let call = 0; call < 3; call++) {
        const response = await hub.call(ESI, subject('SOURCEDOWN'));
        expect(response.statusCode).toBe(500);
        expect(response.json()).toEqual({ esiMECResponse: { responseMetadata: { responseCode: 'HX005001', responseText: expect.any(String) } } });
      }
    });

    it('Rejected: 400 HE007000', async () => {
      const response = await hub.call(ESI, subject('Rejected'));
      expect(response.statusCode).toBe(400);
      expect(metadataOf(response.json())).toMatchObject({ responseCode: 'HE007000' });
      expectValidResponse(response.json());
    });

    it('Slow: the first call per SSN hangs SIMULATOR_SLOW_MS, the next answers at once', async () => {
      expect((await hub.call(ESI, subject('Slow'))).statusCode).toBe(200);
      expect((await hub.call(ESI, subject('Slow'))).statusCode).toBe(200);
      expect(hub.clock.sleeps).toEqual([30_000]);
    });

    it('fires for any applicant of a household', async () => {
      const payload = esiRequest(esiApplicant('123456780'), esiApplicant('123456782', { personSurName: 'Sourcedown' }));
      expect((await hub.call(ESI, payload)).statusCode).toBe(500);
    });
  });

  it('is the opm source for global faults', async () => {
    expect((await hub.putFaults({ opm: { outage: true } })).statusCode).toBe(200);
    const response = await hub.call(ESI, esiRequest(esiApplicant('123456780')));
    expect(response.statusCode).toBe(503);
    expectValidResponse(response.json());
    // Each PUT replaces only the targets it names.
    await hub.putFaults({ opm: {}, 'cms-mec': { outage: true } });
    expect((await hub.call(ESI, esiRequest(esiApplicant('123456780')))).statusCode).toBe(200);
  });
});
