import { randomBytes } from 'node:crypto';
import { call, E2E_ENV, urls } from '@dxhub/testing';

export const ADMIN = E2E_ENV.HUB_ADMIN_TOKEN;

/** A new exchange with a submitter key, created through the console's admin API. */
export async function newExchange(prefix = 'st'): Promise<{ exchangeId: string; key: string }> {
  const exchangeId = `${prefix}-${randomBytes(4).toString('hex')}`;
  const created = await call(urls.console, 'POST', '/v1/admin/exchanges', { token: ADMIN, body: { id: exchangeId, name: `Exchange ${exchangeId}` } });
  if (created.status !== 201) throw new Error(`exchange: ${created.status} ${created.text}`);
  return { exchangeId, key: await newKey('submitter', exchangeId) };
}

export async function newKey(role: string, exchangeId?: string): Promise<string> {
  const credential = await call(urls.console, 'POST', '/v1/admin/credentials', { token: ADMIN, body: { role, exchangeId, label: 'e2e' } });
  if (credential.status !== 201) throw new Error(`credential: ${credential.status} ${credential.text}`);
  return credential.body.key;
}
