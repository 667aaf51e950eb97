import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { call, E2E_ENV, E2E_ROOT, pollUntil, urls } from '@dxhub/testing';
import { ADMIN, newExchange } from './e2e-fixtures';

// Rotation through the console's admin API and the CLI: during the overlap both keys reach the gateway,
// after it only the new one does.

const PROBLEM = 'application/problem+json';
const run = promisify(execFile);
const cli = (...args: string[]) =>
  run(process.execPath, [join(E2E_ROOT, 'dist', 'apps', 'cli', 'src', 'dxhub.js'), ...args], { env: { ...process.env, ...E2E_ENV } });
const admin = (method: string, path: string, body?: unknown) => call(urls.console, method, path, { token: ADMIN, body });
const gatewayStatus = async (key: string) => (await call(urls.gateway, 'GET', '/v1/services', { token: key })).status;

async function submitterCredential(): Promise<{ id: string; key: string; exchangeId: string }> {
  const { exchangeId } = await newExchange('rot');
  const created = await admin('POST', '/v1/admin/credentials', { role: 'submitter', exchangeId, label: 'partner system' });
  return { id: created.body.id, key: created.body.key, exchangeId };
}

describe('credential rotation', () => {
  it('issues a new key; both work during the overlap, then only the new one', async () => {
    const old = await submitterCredential();
    const rotated = await admin('POST', `/v1/admin/credentials/${old.id}/rotate`, { overlapSeconds: 2 });
    const rotatedAt = Date.now();
    expect(rotated.status).toBe(201);
    expect(rotated.body).toEqual({
      id: expect.stringMatching(/^cred_/),
      key: expect.stringMatching(/^dxh_/),
      role: 'submitter',
      exchangeId: old.exchangeId,
      label: 'partner system',
      expiresAt: null,
      replaces: old.id,
    });
    expect(await gatewayStatus(old.key)).toBe(200);
    expect(await gatewayStatus(rotated.body.key)).toBe(200);

    const listed = await admin('GET', '/v1/admin/credentials');
    expect(listed.text).not.toContain(rotated.body.key);
    const oldView = listed.body.data.find((c: { id: string }) => c.id === old.id);
    expect(oldView).toMatchObject({ replacedBy: rotated.body.id, revokedAt: null, expiresAt: expect.any(String) });
    expect(listed.body.data.find((c: { id: string }) => c.id === rotated.body.id)).toMatchObject({ replacedBy: null, expiresAt: null });

    await new Promise((resolve) => setTimeout(resolve, Math.max(0, rotatedAt + 2500 - Date.now())));
    const refused = await call(urls.gateway, 'GET', '/v1/services', { token: old.key });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).toContain(PROBLEM);
    expect(await gatewayStatus(rotated.body.key)).toBe(200);
  });

  it('rotates with a day of overlap when the body is empty', async () => {
    const old = await submitterCredential();
    const rotated = await call(urls.console, 'POST', `/v1/admin/credentials/${old.id}/rotate`, { token: ADMIN });
    expect(rotated.status).toBe(201);
    const oldView = (await admin('GET', '/v1/admin/credentials')).body.data.find((c: { id: string }) => c.id === old.id);
    expect(Date.parse(oldView.expiresAt)).toBeGreaterThan(Date.now() + 86_000_000);
    expect(await gatewayStatus(old.key)).toBe(200);
  });

  it('refuses a revoked (409), an already rotated (409) and an unknown (404) credential', async () => {
    const revoked = await submitterCredential();
    expect((await admin('DELETE', `/v1/admin/credentials/${revoked.id}`)).status).toBe(204);
    const conflict = await admin('POST', `/v1/admin/credentials/${revoked.id}/rotate`, {});
    expect(conflict.status).toBe(409);
    expect(conflict.headers.get('content-type')).toContain(PROBLEM);
    expect(conflict.body.detail).toContain('revoked');

    const rotatedOnce = await submitterCredential();
    expect((await admin('POST', `/v1/admin/credentials/${rotatedOnce.id}/rotate`, {})).status).toBe(201);
    const again = await admin('POST', `/v1/admin/credentials/${rotatedOnce.id}/rotate`, {});
    expect(again.status).toBe(409);
    expect(again.body.detail).toContain('already rotated');

    const unknown = await admin('POST', '/v1/admin/credentials/cred_01NOSUCHCREDENTIAL00000000/rotate', {});
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain(PROBLEM);
  });

  it.each([
    ['an overlap over 30 days', { overlapSeconds: 30 * 86400 + 1 }, 'overlapSeconds'],
    ['a negative overlap', { overlapSeconds: -5 }, 'overlapSeconds'],
    ['an unknown field', { overlapSeconds: 60, expiresAt: '2100-01-01T00:00:00Z' }, 'expiresAt'],
  ])('rejects %s with 400 naming the field, rotating nothing', async (_, body, field) => {
    const old = await submitterCredential();
    const response = await admin('POST', `/v1/admin/credentials/${old.id}/rotate`, body);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain(PROBLEM);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect((await admin('GET', '/v1/admin/credentials')).body.data.find((c: { id: string }) => c.id === old.id).replacedBy).toBeNull();
  });

  it('only administrators may rotate', async () => {
    const target = await submitterCredential();
    for (const role of ['operator', 'auditor']) {
      const created = await admin('POST', '/v1/admin/credentials', { role });
      const response = await call(urls.console, 'POST', `/v1/admin/credentials/${target.id}/rotate`, { token: created.body.key, body: {} });
      expect(response.status).toBe(403);
    }
    // A submitter's own key, against its own credential: still not an administrator.
    const own = await call(urls.console, 'POST', `/v1/admin/credentials/${target.id}/rotate`, { token: target.key, body: {} });
    expect(own.status).toBe(403);
    expect(own.headers.get('content-type')).toContain(PROBLEM);
    expect((await call(urls.console, 'POST', `/v1/admin/credentials/${target.id}/rotate`, { body: {} })).status).toBe(401);
    const view = (await admin('GET', '/v1/admin/credentials')).body.data.find((c: { id: string }) => c.id === target.id);
    expect(view).toMatchObject({ replacedBy: null, expiresAt: null });
  });

  it('the CLI rotates too, and explains a refusal', async () => {
    const old = await submitterCredential();
    const rotated = JSON.parse((await cli('credentials', 'rotate', old.id, '--overlap-seconds', '0')).stdout);
    expect(rotated).toMatchObject({ replaces: old.id, role: 'submitter', exchangeId: old.exchangeId, key: expect.stringMatching(/^dxh_/) });
    expect(await pollUntil(() => gatewayStatus(old.key), (status) => status === 401, 2000)).toBe(401);
    expect(await gatewayStatus(rotated.key)).toBe(200);
    await expect(cli('credentials', 'rotate', old.id)).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('id: is expired') });
    await expect(cli('credentials', 'rotate', rotated.id, '--overlap-seconds', 'soon')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('overlapSeconds'),
    });
  });
});
