import { useHubTestApp } from '../testing/federal-hub-test-app';
import { schemaAssertion } from '../testing/hub-calls';
import { nonEsiIndividual, nonEsiRequest } from './non-esi-mec.fixtures';
import { loadNonEsiMecSchemas } from './non-esi-mec.schemas';
import { NonEsiIndividualResponse, OrganizationCode } from './non-esi-mec.types';

const expectValidResponse = schemaAssertion(loadNonEsiMecSchemas().response);
const NON_ESI = 'non-esi-mec';

type Body = { verifyNonESIMECResponse: { responseMetadata?: { responseCode: string }; individualResponseArray?: NonEsiIndividualResponse[] } };
const metadataOf = (body: Body) => body.verifyNonESIMECResponse.responseMetadata;
const individualsOf = (body: Body) => body.verifyNonESIMECResponse.individualResponseArray!;
const coverageCodes = (individual: NonEsiIndividualResponse) =>
  Object.fromEntries(individual.otherCoverageArray.map((coverage) => [coverage.organizationCode, coverage.mecCoverage?.mecVerificationCode ?? coverage.responseMetadata.responseCode]));

describe('POST /hub/non-esi-mec', () => {
  const hub = useHubTestApp({ config: { slowMs: 30_000 } });

  describe('the fan-out, by the last digit of the SSN', () => {
    const N = { MEDC: 'N', CHIP: 'N', BHPC: 'N', MEDI: 'N', VHPC: 'N', TRIC: 'N', PECO: 'N' };
    it.each([
      ['0', N, false],
      ['3', { ...N, MEDC: 'Y' }, false],
      ['7', { ...N, VHPC: 'Y', TRIC: 'Y' }, false],
      ['8', { ...N, MEDC: 'P' }, false],
      ['9', { ...N, VHPC: 'HX005001', TRIC: 'HX005001' }, true],
    ])('last digit %s, every source asked', async (digit, codes, partial) => {
      const response = await hub.call(NON_ESI, nonEsiRequest(nonEsiIndividual(`12345678${digit}`)));
      expect(response.statusCode).toBe(200);
      const body = response.json<Body>();
      expectValidResponse(body);
      expect(metadataOf(body)).toBeUndefined();
      const [individual] = individualsOf(body);
      expect(individual.partialResponseIndicator).toBe(partial);
      expect(coverageCodes(individual)).toEqual(codes);
    });

    it('asks only the organisations listed', async () => {
      const payload = nonEsiRequest(nonEsiIndividual('123456786', { organizationCodeArray: ['MEDI', 'PECO'] }));
      const response = await hub.call(NON_ESI, payload);
      expectValidResponse(response.json());
      expect(coverageCodes(individualsOf(response.json())[0])).toEqual({ MEDI: 'Y', PECO: 'N' });
    });

    it('answers each individual of a household, in order, and the same request the same way', async () => {
      const payload = nonEsiRequest(nonEsiIndividual('123456789'), nonEsiIndividual('123456782', { usStateCode: 'VI', personSexCode: 'U' }));
      const first = await hub.call(NON_ESI, payload);
      const second = await hub.call(NON_ESI, payload);
      expectValidResponse(first.json());
      const individuals = individualsOf(first.json());
      expect(individuals.map((individual) => [individual.personSocialSecurityNumber, individual.partialResponseIndicator])).toEqual([
        ['123456789', true],
        ['123456782', false],
      ]);
      expect(first.json()).toEqual(second.json());
    });
  });

  describe('request validation (400 HE007000, top-level metadata only)', () => {
    it.each([
      ['an unknown organisation', nonEsiRequest(nonEsiIndividual('123456780', { organizationCodeArray: ['ACME' as OrganizationCode] })), /organizationCodeArray\/0 must be equal to one of the allowed values/],
      ['an empty organisation list', nonEsiRequest(nonEsiIndividual('123456780', { organizationCodeArray: [] })), /organizationCodeArray must NOT have fewer than 1 items/],
      ['a state outside the Hub list', nonEsiRequest(nonEsiIndividual('123456780', { usStateCode: 'ZZ' })), /usStateCode must be equal to one of the allowed values/],
      ['a suffix over 3 characters', nonEsiRequest(nonEsiIndividual('123456780', { personSuffixName: 'IIII' })), /personSuffixName must NOT have more than 3 characters/],
      ['a missing expiration date', nonEsiRequest(nonEsiIndividual('123456780', { insurancePolicyExpirationDate: undefined })), /missing required property 'insurancePolicyExpirationDate'/],
      ['no individual array', { verifyNonESIMECRequest: {} }, /missing required property 'individualRequestArray'/],
      [
        'policy dates in the wrong order',
        nonEsiRequest(nonEsiIndividual('123456780', { insurancePolicyEffectiveDate: '2026-12-31', insurancePolicyExpirationDate: '2026-01-01' })),
        /individualRequestArray\/0 has an insurancePolicyExpirationDate before its insurancePolicyEffectiveDate/,
      ],
    ])('answers 400 HE007000 for %s, without echoing the SSN', async (_label, payload, text) => {
      const response = await hub.call(NON_ESI, payload);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ verifyNonESIMECResponse: { responseMetadata: { responseCode: 'HE007000', responseText: expect.stringMatching(text) } } });
      expect(response.body).not.toContain('123456780');
      expectValidResponse(response.json());
    });
  });

  describe('lastName fault triggers, keyed by SSN', () => {
    const subject = (lastName: string, ssn = '123456780') => nonEsiRequest(nonEsiIndividual(ssn, { personSurName: lastName }));

    it('Transient: 500 HX009000 twice per SSN, then the answer', async () => {
      const statuses: number[] = [];
      for (let call = 0; call < 3; call++) {
        const response = await hub.call(NON_ESI, subject('Transient'));
        statuses.push(response.statusCode);
        expectValidResponse(response.json());
        if (response.statusCode === 500) expect(metadataOf(response.json())).toMatchObject({ responseCode: 'HX009000' });
      }
      expect(statuses).toEqual([500, 500, 200]);
    });

    it('Sourcedown: 500 HX005001 on every call', async () => {
      for (let call = 0; call < 3; call++) {
        const response = await hub.call(NON_ESI, subject('Sourcedown'));
        expect(response.statusCode).toBe(500);
        expect(response.json()).toEqual({ verifyNonESIMECResponse: { responseMetadata: { responseCode: 'HX005001', responseText: expect.any(String) } } });
      }
    });

    it('Rejected: 400 HE007000', async () => {
      const response = await hub.call(NON_ESI, subject('rejected'));
      expect(response.statusCode).toBe(400);
      expect(metadataOf(response.json())).toMatchObject({ responseCode: 'HE007000' });
    });

    it('Slow: the first call per SSN hangs SIMULATOR_SLOW_MS, the next answers at once', async () => {
      expect((await hub.call(NON_ESI, subject('Slow'))).statusCode).toBe(200);
      expect((await hub.call(NON_ESI, subject('Slow'))).statusCode).toBe(200);
      expect((await hub.call(NON_ESI, subject('Slow', '123456781'))).statusCode).toBe(200);
      expect(hub.clock.sleeps).toEqual([30_000, 30_000]);
    });
  });

  it('is the cms-mec source for global faults', async () => {
    await hub.putFaults({ 'cms-mec': { outage: true } });
    const response = await hub.call(NON_ESI, nonEsiRequest(nonEsiIndividual('123456780')));
    expect(response.statusCode).toBe(503);
    expectValidResponse(response.json());
  });
});
