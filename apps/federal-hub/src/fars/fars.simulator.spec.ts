import { primaryMessage, secondaryMessage, farsMessage } from '../ridp/ridp-test-messages';
import { RidpPerson, RidpResponse } from '../ridp/ridp.types';
import { useHubTestApp } from '../testing/federal-hub-test-app';
import { issueToken, schemaAssertion } from '../testing/hub-calls';
import { loadFarsSchemas } from './fars.schemas';
import { FarsResponse } from './fars.types';

const { request: validRequest, response: validResponse } = loadFarsSchemas();
const expectValidResponse = schemaAssertion(validResponse);

describe('FARS simulator (POST /hub/fars)', () => {
  const hub = useHubTestApp({ config: { ridpSessionTtlMs: 60_000 } });

  const primary = async (person: Partial<RidpPerson>, zipCode?: string) =>
    (await hub.call('ridp-primary', primaryMessage(person, zipCode ? { zipCode } : {}))).json<RidpResponse>().ridpResponse;
  async function fars(hubReferenceNumber: string) {
    const response = await hub.call('fars', farsMessage(hubReferenceNumber));
    expectValidResponse(response.json());
    return response;
  }

  it.each([
    ['123456707', 'ACC'],
    ['123-45-6787', 'ACC'],
    ['123456717', 'RF4'],
    ['123456797', 'RF4'],
  ])('decides the RF1 transaction of SSN %s by its second-to-last digit: %s', async (ssn, decision) => {
    const referred = await primary({ personSocialSecurityNumber: ssn });
    expect(referred.finalDecisionCode).toBe('RF1');
    const response = await fars(referred.hubReferenceNumber!);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      farsResponse: { responseMetadata: { responseCode: 'HS000000', responseText: 'Success' }, hubReferenceNumber: referred.hubReferenceNumber, finalDecisionCode: decision },
    });
  });

  it('decides a transaction whose questions could not be formulated (HE000050), and one without an SSN by the ZIP code', async () => {
    const noQuestions = await primary({ personSocialSecurityNumber: '123456716' });
    expect(noQuestions.responseMetadata.responseCode).toBe('HE000050');
    expect((await fars(noQuestions.hubReferenceNumber!)).json<FarsResponse>().farsResponse.finalDecisionCode).toBe('RF4');
    const noSsn = await primary({ personSocialSecurityNumber: undefined }, '02107');
    expect((await fars(noSsn.hubReferenceNumber!)).json<FarsResponse>().farsResponse.finalDecisionCode).toBe('ACC');
  });

  it('decides a transaction that the secondary leg sent to the call centre, even after its session timed out', async () => {
    const asked = await primary({ personSocialSecurityNumber: '123456713' });
    const secondary = await hub.call('ridp-secondary', secondaryMessage(asked.sessionIdentification!, asked.hubReferenceNumber!, [1, 2, 1]));
    expect(secondary.json<RidpResponse>().ridpResponse.finalDecisionCode).toBe('RF1');
    hub.clock.advance(24 * 60 * 60_000);
    hub.token = await issueToken(hub.app);
    expect((await fars(asked.hubReferenceNumber!)).json<FarsResponse>().farsResponse.finalDecisionCode).toBe('RF4');
  });

  it('answers a reference number it never issued with HTTP 200 HE200006 and no decision', async () => {
    const response = await fars('HRN000000000000000000000000');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      farsResponse: { responseMetadata: { responseCode: 'HE200006', responseText: 'Reference Number does not exist in hub' }, hubReferenceNumber: 'HRN000000000000000000000000' },
    });
  });

  it.each([
    ['no reference number', { farsRequest: {} }, /missing required property 'hubReferenceNumber'/],
    ['an empty one', farsMessage(''), /hubReferenceNumber/],
    ['an unexpected field', { farsRequest: { hubReferenceNumber: 'HRN1', ssn: '123456789' } }, /unexpected property 'ssn'/],
    ['a malformed subscriber number', { farsRequest: { hubReferenceNumber: 'HRN1', subscriberNumber: '12' } }, /subscriberNumber/],
  ])('answers 400 HE007000 for %s', async (_label, payload, text) => {
    const response = await hub.call('fars', payload);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ farsResponse: { responseMetadata: { responseCode: 'HE007000', responseText: expect.stringMatching(text) } } });
    expectValidResponse(response.json());
  });

  it('is checked by a request schema that takes a subscriber number', () => {
    expect(validRequest({ farsRequest: { hubReferenceNumber: 'HRN1', subscriberNumber: '1234567' } })).toBe(true);
  });

  it('fails the FARS call of a Transient person twice, by reference number, then answers', async () => {
    const statuses: number[] = [];
    let referred: RidpResponse['ridpResponse'] | undefined;
    for (let attempt = 0; !referred && attempt < 5; attempt++) {
      const response = await hub.call('ridp-primary', primaryMessage({ personSocialSecurityNumber: '123456707', personSurName: 'Transient' }));
      if (response.statusCode === 200) referred = response.json<RidpResponse>().ridpResponse;
    }
    for (let n = 0; n < 3; n++) statuses.push((await hub.call('fars', farsMessage(referred!.hubReferenceNumber!))).statusCode);
    expect(statuses).toEqual([500, 500, 200]);
  });
});
