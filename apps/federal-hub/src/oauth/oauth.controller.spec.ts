import { DEV_CLIENT_ID, DEV_CLIENT_SECRET } from '../federal-hub.config';
import { FakeClock, useTestApp } from '../testing/federal-hub-test-app';
import { callHub, issueToken, ssaIndividual, ssaRequest } from '../testing/hub-calls';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

describe('POST /oauth/token', () => {
  const clock = new FakeClock();
  const testApp = useTestApp({ clock, config: { tokenTtlSeconds: 60 } });

  const tokenRequest = (payload: string, headers: Record<string, string> = {}) =>
    testApp.app.inject({ method: 'POST', url: '/oauth/token', headers: { ...FORM, ...headers }, payload });

  it('issues a bearer token for credentials in the form body', async () => {
    const response = await tokenRequest(form({ grant_type: 'client_credentials', client_id: DEV_CLIENT_ID, client_secret: DEV_CLIENT_SECRET }));
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const body = response.json();
    expect(body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 60 });
    expect(body.access_token.length).toBeGreaterThanOrEqual(32);
  });

  it('issues a different token for credentials in HTTP Basic auth', async () => {
    const first = await tokenRequest(form({ grant_type: 'client_credentials' }), { authorization: basic(DEV_CLIENT_ID, DEV_CLIENT_SECRET) });
    const second = await tokenRequest(form({ grant_type: 'client_credentials' }), { authorization: basic(DEV_CLIENT_ID, DEV_CLIENT_SECRET) });
    expect(first.statusCode).toBe(200);
    expect(first.json().access_token).not.toBe(second.json().access_token);
  });

  it.each([
    ['a wrong secret', form({ grant_type: 'client_credentials', client_id: DEV_CLIENT_ID, client_secret: 'nope' }), {}],
    ['an unknown client', form({ grant_type: 'client_credentials' }), { authorization: basic('someone', DEV_CLIENT_SECRET) }],
    ['no credentials', form({ grant_type: 'client_credentials' }), {}],
    ['malformed Basic auth', form({ grant_type: 'client_credentials' }), { authorization: 'Basic !!!' }],
  ])('answers 401 invalid_client for %s', async (_, payload, headers) => {
    const response = await tokenRequest(payload, headers);
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ error: 'invalid_client' });
  });

  it('answers 400 unsupported_grant_type for other grants', async () => {
    const response = await tokenRequest(form({ grant_type: 'password', client_id: DEV_CLIENT_ID, client_secret: DEV_CLIENT_SECRET }));
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: 'unsupported_grant_type' });
  });

  it('answers 400 invalid_request without a grant type or for a JSON body', async () => {
    const noGrant = await tokenRequest(form({ client_id: DEV_CLIENT_ID, client_secret: DEV_CLIENT_SECRET }));
    expect(noGrant.statusCode).toBe(400);
    expect(noGrant.json()).toEqual({ error: 'invalid_request' });
    const json = await testApp.app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ grant_type: 'client_credentials', client_id: DEV_CLIENT_ID, client_secret: DEV_CLIENT_SECRET }),
    });
    expect(json.statusCode).toBe(400);
    expect(json.json()).toEqual({ error: 'invalid_request' });
  });

  it('accepts a token on /hub until it expires, then answers 401', async () => {
    const token = await issueToken(testApp.app);
    const payload = ssaRequest(ssaIndividual('123456780'));
    expect((await callHub(testApp.app, 'ssa-composite', { token, payload })).statusCode).toBe(200);
    clock.advance(59_000);
    expect((await callHub(testApp.app, 'ssa-composite', { token, payload })).statusCode).toBe(200);
    clock.advance(1_000);
    const expired = await callHub(testApp.app, 'ssa-composite', { token, payload, messageId: 'm-expired' });
    expect(expired.statusCode).toBe(401);
    expect(expired.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    expect(expired.headers.messageid).toBe('m-expired');
    expect(expired.json()).toEqual({ error: 'invalid_token' });
  });

  it('answers 401 on /hub without a token or with an unknown one', async () => {
    const payload = ssaRequest(ssaIndividual('123456780'));
    expect((await callHub(testApp.app, 'ssa-composite', { payload })).statusCode).toBe(401);
    expect((await callHub(testApp.app, 'ssa-composite', { token: 'forged', payload })).statusCode).toBe(401);
  });
});
