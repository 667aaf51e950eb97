import { useHubTestApp } from '../testing/federal-hub-test-app';
import { schemaAssertion } from '../testing/hub-calls';
import { primaryMessage, secondaryMessage } from './ridp-test-messages';
import { loadRidpSchemas } from './ridp.schemas';
import { RidpPerson, RidpResponse } from './ridp.types';

const expectValidResponse = schemaAssertion(loadRidpSchemas().response);
const TTL = 15 * 60_000;

describe('RIDP simulators (POST /hub/ridp-primary, /hub/ridp-secondary)', () => {
  const hub = useHubTestApp({ config: { ridpSessionTtlMs: TTL, slowMs: 30_000 } });

  async function primary(person: Partial<RidpPerson> = {}, zipCode?: string) {
    const response = await hub.call('ridp-primary', primaryMessage(person, zipCode ? { zipCode } : {}));
    expect(response.statusCode).toBe(200);
    expectValidResponse(response.json());
    return response.json<RidpResponse>().ridpResponse;
  }
  /** A primary with questions (SSN ending 3, 4 or 5), and a function answering its session. */
  async function session(ssn = '123456783', surname = 'Silva') {
    const answered = await primary({ personSocialSecurityNumber: ssn, personSurName: surname });
    const answer = async (choices: number[], overrides: { sessionIdentification?: string; hubReferenceNumber?: string } = {}) => {
      const message = secondaryMessage(
        overrides.sessionIdentification ?? answered.sessionIdentification!,
        overrides.hubReferenceNumber ?? answered.hubReferenceNumber!,
        choices,
      );
      return hub.call('ridp-secondary', message);
    };
    return { answered, answer };
  }

  describe('primary', () => {
    it.each([
      ['0', 'ACC'],
      ['1', 'ACC'],
      ['2', 'ACC'],
      ['7', 'RF1'],
      ['8', 'RF3'],
      ['9', 'RF4'],
    ])('decides an SSN ending %s: %s, HS000000, with a hub reference number and no questions', async (digit, decision) => {
      const answer = await primary({ personSocialSecurityNumber: `12345678${digit}` });
      expect(answer).toEqual({ responseMetadata: { responseCode: 'HS000000', responseText: 'Success' }, finalDecisionCode: decision, hubReferenceNumber: expect.stringMatching(/^HRN/) });
    });

    it.each([
      ['3', 3],
      ['4', 4],
      ['5', 5],
    ])('asks questions for an SSN ending %s: RF2 with %i questions and a session id', async (digit, count) => {
      const answer = await primary({ personSocialSecurityNumber: `123-45-678${digit}` });
      expect(answer).toMatchObject({ responseMetadata: { responseCode: 'HS000000' }, finalDecisionCode: 'RF2', sessionIdentification: expect.any(String), hubReferenceNumber: expect.any(String) });
      expect(answer.verificationQuestionArray).toHaveLength(count);
    });

    it('cannot formulate questions for an SSN ending 6: HE000050 and RF1 (call centre)', async () => {
      const answer = await primary({ personSocialSecurityNumber: '123456786' });
      expect(answer).toEqual({
        responseMetadata: { responseCode: 'HE000050', responseText: 'Cannot formulate questions for this consumer' },
        finalDecisionCode: 'RF1',
        hubReferenceNumber: expect.any(String),
      });
    });

    it('decides by the ZIP code when the SSN is left out', async () => {
      expect((await primary({ personSocialSecurityNumber: undefined }, '02109')).finalDecisionCode).toBe('RF4');
      expect((await primary({ personSocialSecurityNumber: undefined }, '02104')).verificationQuestionArray).toHaveLength(4);
    });

    it('gives the same request the same transaction and questions', async () => {
      expect(await primary({ personSocialSecurityNumber: '123456785' })).toEqual(await primary({ personSocialSecurityNumber: '123456785' }));
    });

    it('answers 400 HE007000 for a message breaking the schema, without echoing the SSN', async () => {
      const response = await hub.call('ridp-primary', primaryMessage({ personSocialSecurityNumber: '12345678', personGivenName: 'Ana-Maria' }));
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ ridpResponse: { responseMetadata: { responseCode: 'HE007000', responseText: expect.stringContaining('personGivenName has an invalid format') } } });
      expect(response.body).not.toContain('12345678');
      expectValidResponse(response.json());
    });

    it.each([
      ['a secondary request', secondaryMessage('S', 'H', [1, 1, 1])],
      ['both legs', { ridpRequest: { ...primaryMessage().ridpRequest, ...secondaryMessage('S', 'H', [1, 1, 1]).ridpRequest } }],
      ['neither leg', { ridpRequest: {} }],
    ])('answers 400 HE007000 for %s', async (_label, payload) => {
      const response = await hub.call('ridp-primary', payload);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ ridpResponse: { responseMetadata: { responseCode: 'HE007000', responseText: expect.stringContaining('must carry primaryRequest and nothing else') } } });
    });
  });

  describe('secondary', () => {
    it('accepts when every answer is the first choice (ACC)', async () => {
      const { answered, answer } = await session('123456785');
      const response = await answer([1, 1, 1, 1, 1]);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ ridpResponse: { responseMetadata: { responseCode: 'HS000000', responseText: 'Success' }, finalDecisionCode: 'ACC', hubReferenceNumber: answered.hubReferenceNumber } });
      expectValidResponse(response.json());
    });

    it('sends one wrong answer to the call centre (RF1) and fails more (RF4)', async () => {
      const { answer } = await session('123456784');
      expect((await answer([1, 1, 4, 1])).json<RidpResponse>().ridpResponse.finalDecisionCode).toBe('RF1');
      expect((await answer([2, 1, 4, 1])).json<RidpResponse>().ridpResponse.finalDecisionCode).toBe('RF4');
    });

    it('answers the same session again with the same decision (a retried call is harmless)', async () => {
      const { answer } = await session();
      expect((await answer([1, 1, 1])).json()).toEqual((await answer([1, 1, 1])).json());
    });

    it('times the session out after SIMULATOR_RIDP_SESSION_TTL_MS: HTTP 200 HE200041, no decision', async () => {
      const { answered, answer } = await session();
      hub.clock.advance(TTL - 1);
      expect((await answer([1, 1, 1])).json<RidpResponse>().ridpResponse.finalDecisionCode).toBe('ACC');
      hub.clock.advance(1);
      const response = await answer([1, 1, 1]);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ ridpResponse: { responseMetadata: { responseCode: 'HE200041', responseText: 'Session timeout' }, hubReferenceNumber: answered.hubReferenceNumber } });
      expectValidResponse(response.json());
    });

    it('starts a new session when the primary request is sent again', async () => {
      const { answer } = await session();
      hub.clock.advance(TTL);
      await session();
      expect((await answer([1, 1, 1])).json<RidpResponse>().ridpResponse.finalDecisionCode).toBe('ACC');
    });

    it.each([
      ['an unknown session id', { sessionIdentification: 'NOSUCHSESSION.pidd1v' }],
      ['an unknown hub reference number', { hubReferenceNumber: 'HRN000000000000000000000000' }],
    ])('answers %s with HE200041', async (_label, overrides) => {
      const { answer } = await session();
      const response = await answer([1, 1, 1], overrides);
      expect(response.statusCode).toBe(200);
      expect(response.json<RidpResponse>().ridpResponse).toEqual({ responseMetadata: { responseCode: 'HE200041', responseText: 'Session timeout' }, hubReferenceNumber: expect.any(String) });
    });

    it('answers HE200041 for a transaction that asked no questions', async () => {
      const decided = await primary({ personSocialSecurityNumber: '123456787' });
      const response = await hub.call('ridp-secondary', secondaryMessage('ANY.pidd1v', decided.hubReferenceNumber!, [1, 1, 1]));
      expect(response.json<RidpResponse>().ridpResponse.responseMetadata.responseCode).toBe('HE200041');
    });

    it('answers 400 HE007000 for answers that do not fit the questions asked', async () => {
      const { answer } = await session('123456783');
      const response = await answer([1, 1, 1, 1]);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ ridpResponse: { responseMetadata: { responseCode: 'HE007000', responseText: expect.stringContaining('question that was not asked (questions 1-3)') } } });
    });

    it('answers 400 HE007000 for a primary request sent to it', async () => {
      const response = await hub.call('ridp-secondary', primaryMessage());
      expect(response.statusCode).toBe(400);
      expect(response.json<RidpResponse>().ridpResponse.responseMetadata.responseText).toContain('must carry secondaryRequest and nothing else');
    });
  });

  describe('lastName fault triggers', () => {
    it('fails the secondary of a Transient person twice, by session, then answers', async () => {
      const failures: number[] = [];
      let answered: RidpResponse['ridpResponse'] | undefined;
      for (let attempt = 0; !answered && attempt < 5; attempt++) {
        const response = await hub.call('ridp-primary', primaryMessage({ personSocialSecurityNumber: '123456783', personSurName: 'Transient' }));
        if (response.statusCode === 200) answered = response.json<RidpResponse>().ridpResponse;
        else failures.push(response.statusCode);
      }
      expect(failures).toEqual([500, 500]);
      const message = secondaryMessage(answered!.sessionIdentification!, answered!.hubReferenceNumber!, [1, 1, 1]);
      const statuses = [];
      for (let n = 0; n < 3; n++) statuses.push((await hub.call('ridp-secondary', message)).statusCode);
      expect(statuses).toEqual([500, 500, 200]);
    });

    it('makes the first secondary call of a Slow person wait, and the next not', async () => {
      const first = await hub.call('ridp-primary', primaryMessage({ personSocialSecurityNumber: '123456783', personSurName: 'slow' }));
      const answered = first.json<RidpResponse>().ridpResponse;
      hub.clock.sleeps.length = 0;
      const message = secondaryMessage(answered.sessionIdentification!, answered.hubReferenceNumber!, [1, 1, 1]);
      expect((await hub.call('ridp-secondary', message)).statusCode).toBe(200);
      expect((await hub.call('ridp-secondary', message)).statusCode).toBe(200);
      expect(hub.clock.sleeps).toEqual([30_000]);
    });

    it.each([
      ['Sourcedown', 500, 'HX005001'],
      ['Rejected', 400, 'HE007000'],
    ])('fails every primary call of a %s person, with or without an SSN', async (surname, status, code) => {
      for (const ssn of ['123456783', undefined]) {
        const response = await hub.call('ridp-primary', primaryMessage({ personSocialSecurityNumber: ssn, personSurName: surname }));
        expect(response.statusCode).toBe(status);
        expect(response.json<RidpResponse>().ridpResponse.responseMetadata.responseCode).toBe(code);
      }
    });

    it('counts a Transient person without an SSN by the transaction their request makes', async () => {
      const payload = primaryMessage({ personSocialSecurityNumber: undefined, personSurName: 'Transient' });
      const statuses = [];
      for (let n = 0; n < 3; n++) statuses.push((await hub.call('ridp-primary', payload)).statusCode);
      expect(statuses).toEqual([500, 500, 200]);
    });

    it('fires nothing for a session it does not know (no name to go by)', async () => {
      const response = await hub.call('ridp-secondary', secondaryMessage('Transient', 'Transient', [1, 1, 1]));
      expect(response.statusCode).toBe(200);
    });
  });
});
