import { call, urls } from '@dxhub/testing';
import { ADMIN, newExchange, newKey } from './e2e-fixtures';

const PROBLEM = 'application/problem+json';
const admin = (method: string, path: string, body?: unknown, raw?: { rawBody: string; headers: Record<string, string> }) =>
  call(urls.console, method, path, { token: ADMIN, ...(raw ?? { body }) });

describe('admin API (console)', () => {
  it('only administrators may use it', async () => {
    for (const role of ['operator', 'auditor']) {
      const key = await newKey(role);
      expect((await call(urls.console, 'GET', '/v1/admin/credentials', { token: key })).status).toBe(403);
    }
    expect((await call(urls.console, 'GET', '/v1/admin/credentials')).status).toBe(401);
  });

  it('answers 409 for an exchange id that is taken', async () => {
    const { exchangeId } = await newExchange('dup');
    const again = await admin('POST', '/v1/admin/exchanges', { id: exchangeId, name: 'Again' });
    expect(again.status).toBe(409);
    expect(again.body.errors).toEqual([{ field: 'id', message: 'is taken' }]);
  });

  const bad: Array<[string, string, string, unknown, string]> = [
    ['an exchange id that is not a slug', 'POST', '/v1/admin/exchanges', { id: 'Mass Health', name: 'x' }, 'id'],
    ['an exchange without a name', 'POST', '/v1/admin/exchanges', { id: 'no-name' }, 'name'],
    ['a control character in a name', 'POST', '/v1/admin/exchanges', { id: 'ctl-name', name: 'Mass\u0007' }, 'name'],
    ['an unknown field', 'POST', '/v1/admin/exchanges', { id: 'extra-field', name: 'x', colour: 'red' }, 'colour'],
    ['an unknown role', 'POST', '/v1/admin/credentials', { role: 'root' }, 'role'],
    ['a submitter without an exchange', 'POST', '/v1/admin/credentials', { role: 'submitter' }, 'exchangeId'],
    ['a staff key bound to an exchange', 'POST', '/v1/admin/credentials', { role: 'operator', exchangeId: 'ma' }, 'exchangeId'],
    ['a submitter of an unknown exchange', 'POST', '/v1/admin/credentials', { role: 'submitter', exchangeId: 'atlantis' }, 'exchangeId'],
    ['an expiry in the past', 'POST', '/v1/admin/credentials', { role: 'operator', expiresAt: '2001-01-01T00:00:00Z' }, 'expiresAt'],
    ['a webhook that is not a URL', 'PUT', '/v1/admin/exchanges/any/webhook', { url: 'not a url' }, 'url'],
    ['a plain-http webhook to another host', 'PUT', '/v1/admin/exchanges/any/webhook', { url: 'http://example.com/hook' }, 'url'],
    ['a short webhook secret', 'PUT', '/v1/admin/exchanges/any/webhook', { url: 'https://example.com/hook', secret: 'short' }, 'secret'],
  ];

  it.each(bad)('rejects %s with 400 naming the field, storing nothing', async (_, method, path, body, field) => {
    const before = (await admin('GET', '/v1/admin/credentials')).body.data.length;
    const exchangesBefore = (await admin('GET', '/v1/admin/exchanges')).body.data.length;
    const response = await admin(method, path, body);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain(PROBLEM);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect((await admin('GET', '/v1/admin/credentials')).body.data.length).toBe(before);
    expect((await admin('GET', '/v1/admin/exchanges')).body.data.length).toBe(exchangesBefore);
  });

  it('rejects malformed JSON and other content types', async () => {
    const malformed = await admin('POST', '/v1/admin/exchanges', undefined, { rawBody: '{"id":', headers: { 'content-type': 'application/json' } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual([{ field: 'body', message: 'is not valid JSON' }]);
    const form = await admin('POST', '/v1/admin/exchanges', undefined, { rawBody: 'id=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.status).toBe(415);
  });

  it('sets a webhook (https, or localhost outside production) and answers its secret', async () => {
    const { exchangeId } = await newExchange('hook');
    const generated = await admin('PUT', `/v1/admin/exchanges/${exchangeId}/webhook`, { url: 'http://127.0.0.1:9999/results' });
    expect(generated.status).toBe(200);
    expect(generated.body).toEqual({ url: 'http://127.0.0.1:9999/results', secret: expect.stringMatching(/^whsec_/) });
    const chosen = await admin('PUT', `/v1/admin/exchanges/${exchangeId}/webhook`, { url: 'https://state.example/hook', secret: 'a-secret-of-twenty-chars' });
    expect(chosen.body).toEqual({ url: 'https://state.example/hook', secret: 'a-secret-of-twenty-chars' });
    const listed = (await admin('GET', '/v1/admin/exchanges')).body.data.find((e: { id: string }) => e.id === exchangeId);
    expect(listed).toEqual({ id: exchangeId, name: expect.any(String), webhookUrl: 'https://state.example/hook', createdAt: expect.any(String) });
    expect((await admin('PUT', '/v1/admin/exchanges/atlantis/webhook', { url: 'https://x.example/h' })).status).toBe(404);
  });

  it('lists credentials without keys or hashes, and revoking twice is 404', async () => {
    const created = await admin('POST', '/v1/admin/credentials', { role: 'auditor', label: 'list me' });
    const listed = await admin('GET', '/v1/admin/credentials');
    expect(listed.text).not.toContain(created.body.key);
    const mine = listed.body.data.find((c: { id: string }) => c.id === created.body.id);
    expect(mine).toEqual({
      id: created.body.id,
      keyPrefix: created.body.key.slice(0, 10),
      role: 'auditor',
      exchangeId: null,
      label: 'list me',
      createdAt: expect.any(String),
      revokedAt: null,
      expiresAt: null,
      replacedBy: null,
    });
    expect((await admin('DELETE', `/v1/admin/credentials/${created.body.id}`)).status).toBe(204);
    expect((await admin('DELETE', `/v1/admin/credentials/${created.body.id}`)).status).toBe(404);
  });
});
