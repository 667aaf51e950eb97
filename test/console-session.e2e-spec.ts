import { call, urls } from '@dxhub/testing';
import { ADMIN, newExchange, newKey } from './e2e-fixtures';

// The console's web UI signs staff in with a session cookie: what the cookie is, what it opens, how changes
// made with it are protected against cross-site requests, and how it ends.

const signIn = async (key: string) => {
  const response = await fetch(`${urls.console}/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key }) });
  const body: any = await response.json();
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0];
  return { status: response.status, body, setCookie: response.headers.get('set-cookie'), cookie };
};
const withCookie = (cookie: string, extra: Record<string, string> = {}) => ({ headers: { cookie, ...extra } });

describe('console sessions', () => {
  let operatorKey: string;
  let operator: Awaited<ReturnType<typeof signIn>>;

  beforeAll(async () => {
    operatorKey = await newKey('operator');
    operator = await signIn(operatorKey);
  });

  it('signs a staff key in with an HttpOnly, SameSite=Strict cookie and answers the CSRF token, never the key', async () => {
    expect(operator.status).toBe(200);
    expect(operator.body).toMatchObject({ role: 'operator', credentialId: expect.stringMatching(/^cred_/), csrfToken: expect.any(String), idleTimeoutSeconds: expect.any(Number) });
    expect(operator.setCookie).toMatch(/^dxhub_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
    expect(JSON.stringify(operator.body)).not.toContain(operatorKey);
    const whoAmI = await call(urls.console, 'GET', '/v1/session', withCookie(operator.cookie));
    expect(whoAmI.body).toEqual({ ...operator.body });
    expect((await call(urls.console, 'GET', '/v1/ops/overview', withCookie(operator.cookie))).status).toBe(200);
  });

  it('refuses submitter keys (403) and unknown keys (401) without a cookie', async () => {
    const { key: submitterKey } = await newExchange('session');
    const submitter = await signIn(submitterKey);
    expect(submitter.status).toBe(403);
    expect(submitter.body.detail).toMatch(/submitter key cannot sign in/);
    expect(submitter.setCookie).toBeNull();
    const unknown = await signIn(`dxh_${'x'.repeat(43)}`);
    expect(unknown.status).toBe(401);
    expect(unknown.setCookie).toBeNull();
  });

  it('requires the CSRF token for a change made with the cookie', async () => {
    const none = await call(urls.console, 'POST', '/v1/ops/reconciliations', withCookie(operator.cookie));
    expect(none.status).toBe(403);
    expect(none.body.detail).toMatch(/x-csrf-token/);
    const wrong = await call(urls.console, 'POST', '/v1/ops/reconciliations', withCookie(operator.cookie, { 'x-csrf-token': 'x'.repeat(43) }));
    expect(wrong.status).toBe(403);
    const right = await call(urls.console, 'POST', '/v1/ops/reconciliations', withCookie(operator.cookie, { 'x-csrf-token': operator.body.csrfToken }));
    expect(right.status).toBe(202);
  });

  it('keeps the roles of the API: an auditor session reads the journal but not the operations API or the queues', async () => {
    const auditor = await signIn(await newKey('auditor'));
    expect((await call(urls.console, 'GET', '/v1/audit/events?kind=staff.session', withCookie(auditor.cookie))).status).toBe(200);
    expect((await call(urls.console, 'GET', '/v1/ops/overview', withCookie(auditor.cookie))).status).toBe(403);
    expect((await call(urls.console, 'GET', '/queues', withCookie(auditor.cookie))).status).toBe(403);
    const events = await call(urls.console, 'GET', '/v1/audit/events?kind=staff.session&limit=500', withCookie(auditor.cookie));
    expect(events.body.data.some((e: { actor: string }) => e.actor === `operator:${operator.body.credentialId}`)).toBe(true);
  });

  it('serves the UI to anyone and the queues dashboard, read-only, to an operator session', async () => {
    const page = await fetch(`${urls.console}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<script type="module" src="/app.js">');
    const anonymous = await fetch(`${urls.console}/queues`, { headers: { accept: 'text/html' }, redirect: 'manual' });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get('location')).toBe('/?next=%2Fqueues#/login');
    expect((await call(urls.console, 'GET', '/queues/api/queues', {})).status).toBe(401);
    const board = await call(urls.console, 'GET', '/queues', withCookie(operator.cookie));
    expect(board.status).toBe(200);
    expect(board.text).toContain('dxhub queues');
    const queues = await call(urls.console, 'GET', '/queues/api/queues', withCookie(operator.cookie));
    expect(queues.body.queues.map((q: { name: string }) => q.name)).toEqual(expect.arrayContaining(['federal-ssa', 'deliveries', 'maintenance']));
    const change = await call(urls.console, 'PUT', '/queues/api/queues/federal-ssa/pause', withCookie(operator.cookie, { 'x-csrf-token': operator.body.csrfToken }));
    expect(change.status).toBe(403);
  });

  it('streams the overview as server-sent events to a session', async () => {
    const aborted = new AbortController();
    const response = await fetch(`${urls.console}/v1/ops/stream`, { headers: { cookie: operator.cookie }, signal: aborted.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    let text = '';
    while (!text.includes('\n\n')) text += new TextDecoder().decode((await reader.read()).value);
    aborted.abort();
    expect(text).toMatch(/^event: overview\ndata: \{/);
    expect(JSON.parse(text.split('\n')[1].slice('data: '.length))).toMatchObject({ byStatus: expect.any(Object), sources: expect.any(Array), byExchange: expect.any(Array) });
  });

  it('ends on sign-out and when the key is revoked', async () => {
    const other = await signIn(await newKey('operator'));
    const out = await call(urls.console, 'DELETE', '/v1/session', withCookie(other.cookie, { 'x-csrf-token': other.body.csrfToken }));
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^dxhub_session=; Path=\/; HttpOnly; SameSite=Strict; Max-Age=0$/);
    expect((await call(urls.console, 'GET', '/v1/session', withCookie(other.cookie))).status).toBe(401);

    const revocable = await newKey('operator');
    const session = await signIn(revocable);
    const credentials = await call(urls.console, 'GET', '/v1/admin/credentials', { token: ADMIN });
    const id = credentials.body.data.find((c: { keyPrefix: string }) => c.keyPrefix === revocable.slice(0, 10)).id;
    expect((await call(urls.console, 'DELETE', `/v1/admin/credentials/${id}`, { token: ADMIN })).status).toBe(204);
    expect((await call(urls.console, 'GET', '/v1/ops/overview', withCookie(session.cookie))).status).toBe(401);
  });
});
