import { loadSsaCompositeSchemas } from '../ssa-composite/ssa-composite.schemas';
import { ScriptedRandom, useHubTestApp, useTestApp } from '../testing/federal-hub-test-app';
import { callHub, issueToken, schemaAssertion, ssaIndividual, ssaRequest } from '../testing/hub-calls';

const expectValidResponse = schemaAssertion(loadSsaCompositeSchemas().response);
const SSA = 'ssa-composite';

const metadataOf = (body: { ssaCompositeResponse: { responseMetadata: unknown } }) => body.ssaCompositeResponse.responseMetadata;

describe('POST /hub/:service', () => {
  const hub = useHubTestApp({ config: { slowMs: 30_000 } });

  describe('request-level checks', () => {
    it('echoes the messageID header', async () => {
      const response = await callHub(hub.app, SSA, { token: hub.token, messageId: '7b0c2a8e-7a53-4a55-9d6c-1c3f5a1d2b3c', payload: ssaRequest(ssaIndividual('123456780')) });
      expect(response.statusCode).toBe(200);
      expect(response.headers.messageid).toBe('7b0c2a8e-7a53-4a55-9d6c-1c3f5a1d2b3c');
    });

    it('answers 400 HE007005 without a messageID header', async () => {
      const response = await callHub(hub.app, SSA, { token: hub.token, messageId: null, payload: ssaRequest(ssaIndividual('123456780')) });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ ssaCompositeResponse: { responseMetadata: { responseCode: 'HE007005', responseText: expect.stringMatching(/messageID/) } } });
      expectValidResponse(response.json());
    });

    it('checks the token before the messageID', async () => {
      const response = await callHub(hub.app, SSA, { messageId: null, payload: ssaRequest(ssaIndividual('123456780')) });
      expect(response.statusCode).toBe(401);
    });

    it.each(['text/plain', 'application/xml', 'application/x-www-form-urlencoded'])('answers 400 HE007004 for Content-Type %s, echoing the messageID', async (contentType) => {
      const response = await callHub(hub.app, SSA, { token: hub.token, messageId: 'm-ct', contentType, payload: '<ssaCompositeRequest/>' });
      expect(response.statusCode).toBe(400);
      expect(response.headers.messageid).toBe('m-ct');
      expect(metadataOf(response.json())).toEqual({ responseCode: 'HE007004', responseText: 'Content-Type must be application/json' });
      expectValidResponse(response.json());
    });

    it('accepts a charset on the JSON content type', async () => {
      const response = await callHub(hub.app, SSA, { token: hub.token, contentType: 'application/json; charset=utf-8', payload: ssaRequest(ssaIndividual('123456780')) });
      expect(response.statusCode).toBe(200);
    });

    it('answers 400 HE007000 naming what failed, without echoing the SSN', async () => {
      const payload = ssaRequest(ssaIndividual('000456789'), ssaIndividual('123456789', { personBirthDate: '1980-02-30' }));
      const response = await hub.call(SSA, payload);
      expect(response.statusCode).toBe(400);
      const { responseCode, responseText } = metadataOf(response.json()) as { responseCode: string; responseText: string };
      expect(responseCode).toBe('HE007000');
      expect(responseText).toContain('/ssaCompositeRequest/ssaCompositeIndividualRequestArray/0/personSocialSecurityNumber has an invalid format');
      expect(responseText).toContain('/ssaCompositeRequest/ssaCompositeIndividualRequestArray/1/personBirthDate has an invalid format');
      expect(response.body).not.toMatch(/000456789|123456789/);
      expectValidResponse(response.json());
    });

    it.each([
      ['a missing required field', { ssaCompositeRequest: { ssaCompositeIndividualRequestArray: [{ personSurName: 'Silva' }] } }, /is missing required property 'personSocialSecurityNumber'/],
      ['an unexpected field', ssaRequest(ssaIndividual('123456780', { nickname: 'Ann' } as object)), /unexpected property 'nickname'/],
      ['an SSN used as a field name', ssaRequest(ssaIndividual('123456780', { '123456789': true } as object)), /unexpected property \(unnamed\)/],
      ['a wrong type', ssaRequest(ssaIndividual('123456780', { requestCitizenshipVerificationIndicator: 'yes' } as object)), /must be boolean/],
      ['no individual', ssaRequest(), /must NOT have fewer than 1 items/],
      ['a monthly income request without its month', ssaRequest(ssaIndividual('123456780', { requestTitleIIMonthlyIncomeVerificationIndicator: true })), /requestTitleIIMonthlyIncomeDate/],
      ['an annual income request without its year', ssaRequest(ssaIndividual('123456780', { requestTitleIIAnnualIncomeVerificationIndicator: true })), /requestTitleIIAnnualIncomeDate/],
    ])('answers 400 HE007000 for %s', async (_, payload, text) => {
      const response = await hub.call(SSA, payload);
      expect(response.statusCode).toBe(400);
      expect(metadataOf(response.json())).toEqual({ responseCode: 'HE007000', responseText: expect.stringMatching(text) });
      expect(response.body).not.toContain('123456789');
      expectValidResponse(response.json());
    });

    it('answers 400 HE007000 for a body that is not JSON, without quoting it', async () => {
      const response = await hub.call(SSA, '{"ssn": 123456789');
      expect(response.statusCode).toBe(400);
      expect(metadataOf(response.json())).toEqual({ responseCode: 'HE007000', responseText: 'The request body is not well-formed JSON' });
      expect(response.body).not.toContain('123456789');
    });

    it('answers 404 for an unknown service, after the access checks', async () => {
      expect((await callHub(hub.app, 'no-such-service', { payload: {} })).statusCode).toBe(401);
      const response = await callHub(hub.app, 'no-such-service', { token: hub.token, messageId: 'm-404', payload: {} });
      expect(response.statusCode).toBe(404);
      expect(response.headers.messageid).toBe('m-404');
      expect(response.json()).toEqual({ responseMetadata: { responseCode: 'HE007000', responseText: 'Unknown service' } });
    });
  });

  describe('deterministic answers by the last digit of the SSN', () => {
    const everything = {
      requestCitizenshipVerificationIndicator: true,
      requestIncarcerationVerificationIndicator: true,
      requestTitleIIMonthlyIncomeVerificationIndicator: true,
      requestTitleIIAnnualIncomeVerificationIndicator: true,
      requestQuartersOfCoverageVerificationIndicator: true,
      requestTitleIIMonthlyIncomeDate: '202403',
      requestTitleIIAnnualIncomeDate: '2023',
    };

    const living = { ssnVerificationIndicator: true, deathConfirmationCode: 'Unconfirmed', personUSCitizenIndicator: true, personIncarcerationInformationIndicator: false };
    const cases: [string, typeof living][] = [
      ...['0', '1', '2', '3', '4', '5'].map((digit): [string, typeof living] => [digit, living]),
      ['6', { ...living, personUSCitizenIndicator: false }],
      ['7', { ...living, deathConfirmationCode: 'Confirmed' }],
      ['8', { ...living, personIncarcerationInformationIndicator: true }],
    ];
    it.each(cases)('last digit %s', async (digit, expected) => {
      const ssn = `12345678${digit}`;
      const response = await hub.call(SSA, ssaRequest(ssaIndividual(ssn, everything)));
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expectValidResponse(body);
      expect(body.ssaCompositeResponse.responseMetadata).toEqual({ responseCode: 'HS000000', responseText: 'Success' });
      const [individual] = body.ssaCompositeResponse.ssaCompositeIndividualResponseArray;
      expect(individual.responseMetadata).toEqual({ responseCode: 'HS000000', responseText: 'Success' });
      expect(individual.personSocialSecurityNumber).toBe(ssn);
      expect(individual.ssaResponse).toMatchObject({ ...expected, ssaTitleIIMonthlyIncomeInformationIndicator: true, ssaTitleIIAnnualIncomeInformationIndicator: true });
      expect(individual.ssaResponse.ssaIncarcerationInformation !== undefined).toBe(digit === '8');
    });

    it('last digit 9: SSN not verified, nothing else asserted', async () => {
      const response = await hub.call(SSA, ssaRequest(ssaIndividual('123456789', everything)));
      expect(response.statusCode).toBe(200);
      expectValidResponse(response.json());
      expect(response.json().ssaCompositeResponse.ssaCompositeIndividualResponseArray[0].ssaResponse).toEqual({ ssnVerificationIndicator: false });
    });

    it('answers each individual of a request, in order', async () => {
      const response = await hub.call(SSA, ssaRequest(ssaIndividual('123456786'), ssaIndividual('123456789')));
      const individuals = response.json().ssaCompositeResponse.ssaCompositeIndividualResponseArray;
      expect(individuals.map((i: { personSocialSecurityNumber: string }) => i.personSocialSecurityNumber)).toEqual(['123456786', '123456789']);
      expectValidResponse(response.json());
    });

    it('gives the same answer to the same request', async () => {
      const payload = ssaRequest(ssaIndividual('223344551', everything));
      const first = await hub.call(SSA, payload);
      const second = await hub.call(SSA, payload);
      expect(first.json()).toEqual(second.json());
    });
  });

  describe('lastName fault triggers', () => {
    const subject = (lastName: string, ssn = '123456780') => ssaRequest(ssaIndividual(ssn, { personSurName: lastName }));

    it('Transient: 500 HX009000 twice per SSN, then success', async () => {
      const statuses: number[] = [];
      for (let call = 0; call < 3; call++) {
        const response = await hub.call(SSA, subject('Transient'));
        statuses.push(response.statusCode);
        expectValidResponse(response.json());
        if (response.statusCode === 500) expect(metadataOf(response.json())).toMatchObject({ responseCode: 'HX009000' });
      }
      expect(statuses).toEqual([500, 500, 200]);
      // Another SSN starts its own count; a reset starts every count again.
      expect((await hub.call(SSA, subject('TRANSIENT', '123456781'))).statusCode).toBe(500);
      await hub.reset();
      expect((await hub.call(SSA, subject('transient'))).statusCode).toBe(500);
    });

    it('Sourcedown: 500 HX005001 on every call', async () => {
      for (let call = 0; call < 4; call++) {
        const response = await hub.call(SSA, subject('SourceDown'));
        expect(response.statusCode).toBe(500);
        expect(metadataOf(response.json())).toMatchObject({ responseCode: 'HX005001' });
        expectValidResponse(response.json());
      }
    });

    it('Rejected: 400 HE007000', async () => {
      const response = await hub.call(SSA, subject('rejected'));
      expect(response.statusCode).toBe(400);
      expect(metadataOf(response.json())).toMatchObject({ responseCode: 'HE007000' });
      expectValidResponse(response.json());
    });

    it('Slow: the first call per SSN hangs SIMULATOR_SLOW_MS, the next answers at once', async () => {
      const first = await hub.call(SSA, subject('Slow'));
      expect(first.statusCode).toBe(200);
      expect(hub.clock.sleeps).toEqual([30_000]);
      const second = await hub.call(SSA, subject('Slow'));
      expect(second.statusCode).toBe(200);
      expect(hub.clock.sleeps).toEqual([30_000]);
    });

    it('leaves other last names alone', async () => {
      expect((await hub.call(SSA, subject('Slowinski'))).statusCode).toBe(200);
      expect(hub.clock.sleeps).toEqual([]);
    });
  });
});

describe('Slow with a real clock', () => {
  const testApp = useTestApp({ config: { slowMs: 150 }, random: new ScriptedRandom() });

  it('answers the first call only after SIMULATOR_SLOW_MS', async () => {
    const token = await issueToken(testApp.app);
    const payload = ssaRequest(ssaIndividual('123456782', { personSurName: 'Slow' }));
    const started = Date.now();
    expect((await callHub(testApp.app, SSA, { token, payload })).statusCode).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    const again = Date.now();
    expect((await callHub(testApp.app, SSA, { token, payload })).statusCode).toBe(200);
    expect(Date.now() - again).toBeLessThan(140);
  });
});
