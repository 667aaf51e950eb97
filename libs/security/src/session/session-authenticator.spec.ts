import { CredentialResolver } from '../auth/credential-resolver';
import type { Principal } from '../auth/roles';
import { SessionAuthenticator } from './session-authenticator';
import { sessionCookie, sessionIdFromCookie } from './session-cookie';
import { SessionRecord, SessionStore } from './session-store';

const ID = 'a'.repeat(43);
const record: SessionRecord = { keyHash: 'hash', role: 'operator', credentialId: 'cred_1', csrfToken: 'c'.repeat(43), createdAt: '2026-01-01T00:00:00Z' };
const operator: Principal = { credentialId: 'cred_1', role: 'operator', exchangeId: null };

function authenticator(session: SessionRecord | null, principal: Principal | null) {
  const store = { read: jest.fn().mockResolvedValue(session) } as unknown as SessionStore;
  const credentials = { resolveHash: jest.fn().mockResolvedValue(principal) } as unknown as CredentialResolver;
  return new SessionAuthenticator(store, credentials);
}
const request = (method: string, headers: Record<string, string> = {}) => ({ method, headers: { cookie: `other=1; dxhub_session=${ID}`, ...headers } });

describe('session cookie', () => {
  it('reads only our cookie among others and writes HttpOnly, SameSite=Strict, Secure when asked', () => {
    expect(sessionIdFromCookie(`a=b; dxhub_session=${ID}; c=d`)).toBe(ID);
    expect(sessionIdFromCookie('dxhub_sessionx=1; a=b')).toBeNull();
    expect(sessionIdFromCookie(undefined)).toBeNull();
    expect(sessionCookie(ID, 60, true)).toBe(`dxhub_session=${ID}; Path=/; HttpOnly; SameSite=Strict; Max-Age=60; Secure`);
    expect(sessionCookie(ID, 60, false)).not.toContain('Secure');
  });
});

describe('SessionAuthenticator', () => {
  it('authenticates a read with the cookie alone', async () => {
    await expect(authenticator(record, operator).authenticate(request('GET'))).resolves.toMatchObject({ principal: operator, sessionId: ID });
  });

  it('requires the CSRF token for a change, compared exactly', async () => {
    const auth = authenticator(record, operator);
    await expect(auth.authenticate(request('POST'))).rejects.toMatchObject({ problem: { status: 403 } });
    await expect(auth.authenticate(request('DELETE', { 'x-csrf-token': 'c'.repeat(42) }))).rejects.toMatchObject({ problem: { status: 403 } });
    await expect(auth.authenticate(request('POST', { 'x-csrf-token': record.csrfToken }))).resolves.toMatchObject({ principal: operator });
  });

  it('is no session when the record is gone, the key revoked, or the key a submitter', async () => {
    await expect(authenticator(null, operator).authenticate(request('GET'))).resolves.toBeNull();
    await expect(authenticator(record, null).authenticate(request('GET'))).resolves.toBeNull();
    await expect(authenticator(record, { ...operator, role: 'submitter', exchangeId: 'ma' }).authenticate(request('GET'))).resolves.toBeNull();
    await expect(authenticator(record, operator).authenticate({ method: 'GET', headers: {} })).resolves.toBeNull();
  });
});
