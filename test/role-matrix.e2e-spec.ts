import { call, pollUntil, ssaRequest, testSsn, urls } from '@dxhub/testing';
import { ADMIN, newExchange, newKey } from './e2e-fixtures';

// The role matrix of docs/security.md, enforced: every route of the gateway, the console and the broker's
// health port, walked with every kind of caller. Adding a route without a row here fails the completeness check.

type Role = 'submitter' | 'operator' | 'auditor' | 'admin';
type Process = keyof typeof urls;

interface RouteRow {
  process: Exclude<Process, 'federalHub'>;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** As the OpenAPI description names it; `{id}` is replaced by `id`. */
  route: string;
  /** Which fixture fills `{id}`: one that exists, or one that does not. */
  id?: keyof Fixtures;
  body?: unknown;
  /** Sent as an NDJSON body instead of `body` (POST /v1/batches). */
  ndjson?: string;
  /** 'public' routes answer everyone, with or without a key. */
  allowed: 'public' | readonly Role[];
  /** A stream that never ends by itself (server-sent events): only its status and headers are read. */
  stream?: boolean;
}

interface Fixtures {
  /** Exchange A's completed ssa-composite verification. */
  verification: string;
  /** Exchange A's batch of one line. */
  batch: string;
  missingVerification: string;
  missingExchange: string;
  missingCredential: string;
  missingDelivery: string;
  missingReconciliation: string;
  missingReplay: string;
}

const ALL: readonly Role[] = ['submitter', 'operator', 'auditor', 'admin'];
const OPS: readonly Role[] = ['operator', 'admin'];
const STAFF: readonly Role[] = ['operator', 'auditor', 'admin'];
const REASON = { reason: 'role matrix' };

const platform = (process: RouteRow['process'], docs: boolean): RouteRow[] => [
  { process, method: 'GET', route: '/health', allowed: 'public' },
  { process, method: 'GET', route: '/metrics', allowed: 'public' },
  ...(docs ? ([
    { process, method: 'GET', route: '/docs', allowed: 'public' },
    { process, method: 'GET', route: '/docs-json', allowed: 'public' },
  ] as RouteRow[]) : []),
];

/** The single source of this test. Bodies are minimal: valid where a call changes nothing it should not, invalid (400) otherwise. */
const MATRIX: RouteRow[] = [
  ...platform('gateway', true),
  { process: 'gateway', method: 'GET', route: '/v1/services', allowed: ALL },
  { process: 'gateway', method: 'POST', route: '/v1/verifications', body: {}, allowed: ['submitter'] },
  { process: 'gateway', method: 'GET', route: '/v1/verifications', allowed: ['submitter'] },
  { process: 'gateway', method: 'GET', route: '/v1/verifications/{id}', id: 'verification', allowed: ['submitter'] },
  { process: 'gateway', method: 'POST', route: '/v1/batches', ndjson: '{}\n', allowed: ['submitter'] },
  { process: 'gateway', method: 'GET', route: '/v1/batches/{id}', id: 'batch', allowed: ['submitter'] },
  { process: 'gateway', method: 'GET', route: '/v1/batches/{id}/results', id: 'batch', allowed: ['submitter'] },

  ...platform('console', true),
  { process: 'console', method: 'POST', route: '/v1/admin/exchanges', body: {}, allowed: ['admin'] },
  { process: 'console', method: 'GET', route: '/v1/admin/exchanges', allowed: ['admin'] },
  { process: 'console', method: 'PUT', route: '/v1/admin/exchanges/{id}/webhook', id: 'missingExchange', body: { url: 'https://state.example/hook' }, allowed: ['admin'] },
  { process: 'console', method: 'PUT', route: '/v1/admin/exchanges/{id}/amqp', id: 'missingExchange', body: { user: 'state-backend' }, allowed: ['admin'] },
  { process: 'console', method: 'PUT', route: '/v1/admin/exchanges/{id}/client-certificate', id: 'missingExchange', body: { fingerprint256: 'ab'.repeat(32) }, allowed: ['admin'] },
  { process: 'console', method: 'POST', route: '/v1/admin/credentials', body: {}, allowed: ['admin'] },
  { process: 'console', method: 'GET', route: '/v1/admin/credentials', allowed: ['admin'] },
  { process: 'console', method: 'DELETE', route: '/v1/admin/credentials/{id}', id: 'missingCredential', allowed: ['admin'] },
  { process: 'console', method: 'POST', route: '/v1/admin/credentials/{id}/rotate', id: 'missingCredential', body: {}, allowed: ['admin'] },
  { process: 'console', method: 'GET', route: '/v1/ops/overview', allowed: OPS },
  { process: 'console', method: 'GET', route: '/v1/ops/failed-transfers', allowed: OPS },
  { process: 'console', method: 'POST', route: '/v1/ops/failed-transfers/retry', body: {}, allowed: OPS },
  { process: 'console', method: 'POST', route: '/v1/ops/verifications/search', body: { reference: 'role-matrix-none' }, allowed: OPS },
  { process: 'console', method: 'GET', route: '/v1/ops/verifications/{id}', id: 'verification', allowed: OPS },
  { process: 'console', method: 'POST', route: '/v1/ops/verifications/{id}/retry', id: 'verification', body: REASON, allowed: OPS },
  { process: 'console', method: 'POST', route: '/v1/ops/verifications/{id}/cancel', id: 'verification', body: REASON, allowed: OPS },
  { process: 'console', method: 'POST', route: '/v1/ops/deliveries/{id}/retry', id: 'missingDelivery', body: REASON, allowed: OPS },
  { process: 'console', method: 'GET', route: '/v1/audit/events', allowed: ['auditor'] },
  { process: 'console', method: 'GET', route: '/v1/audit/integrity', allowed: ['auditor'] },
  { process: 'console', method: 'GET', route: '/v1/audit/checkpoints', allowed: ['auditor'] },
  { process: 'console', method: 'GET', route: '/v1/audit/export', allowed: ['auditor'] },
  { process: 'console', method: 'POST', route: '/v1/audit/replays', body: { from: '2026-01-01T00:00:00Z', to: '2026-01-01T00:01:00Z' }, allowed: ['auditor'] },
  { process: 'console', method: 'GET', route: '/v1/audit/replays', allowed: ['auditor'] },
  { process: 'console', method: 'GET', route: '/v1/audit/replays/{id}', id: 'missingReplay', allowed: ['auditor'] },
  { process: 'console', method: 'GET', route: '/v1/audit/verifications/{id}/timeline', id: 'verification', allowed: ['auditor'] },
  { process: 'console', method: 'POST', route: '/v1/ops/reconciliations', allowed: OPS },
  { process: 'console', method: 'GET', route: '/v1/ops/reconciliations', allowed: OPS },
  { process: 'console', method: 'GET', route: '/v1/ops/reconciliations/{id}', id: 'missingReconciliation', allowed: OPS },
  { process: 'console', method: 'GET', route: '/v1/ops/stream', allowed: OPS, stream: true },
  // Signing in takes the key in the body: open to every caller (a bad body is 400, a submitter key 403 in the body's name).
  { process: 'console', method: 'POST', route: '/v1/session', body: {}, allowed: 'public' },
  { process: 'console', method: 'GET', route: '/v1/session', allowed: STAFF },
  { process: 'console', method: 'DELETE', route: '/v1/session', allowed: STAFF },

  ...platform('broker', false),
];

const PROBLEM = 'application/problem+json';

/** Opens a stream and reads its status and headers; a refusal's body (a problem) is read whole, an open stream is dropped. */
async function openStream(base: string, path: string, token?: string) {
  const aborted = new AbortController();
  const response = await fetch(`${base}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: aborted.signal });
  if (response.ok) {
    aborted.abort();
    return { status: response.status, headers: response.headers, body: null, text: '' };
  }
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: JSON.parse(text), text };
}
const ZEROS = '0'.repeat(26);

describe('role matrix', () => {
  const fixtures: Fixtures = {
    verification: '',
    batch: '',
    missingVerification: `ver_${ZEROS}`,
    missingExchange: 'atlantis',
    missingCredential: `cred_${ZEROS}`,
    missingDelivery: `dlv_${ZEROS}`,
    missingReconciliation: `rec_${ZEROS}`,
    missingReplay: `rpl_${ZEROS}`,
  };
  /** Who calls, and with which key (none for the anonymous caller). */
  const callers: Array<{ name: string; role: Role | null; token?: string }> = [];
  let exchangeA: { exchangeId: string; key: string };
  let exchangeB: { exchangeId: string; key: string };
  const referenceA = `role-matrix-a-${Date.now()}`;

  const request = (row: RouteRow, token?: string) => {
    const path = row.id ? row.route.replace('{id}', fixtures[row.id]) : row.route;
    if (row.stream) return openStream(urls[row.process], path, token);
    return call(urls[row.process], row.method, path, {
      token,
      ...(row.ndjson === undefined ? { body: row.body } : { rawBody: row.ndjson, headers: { 'content-type': 'application/x-ndjson' } }),
    });
  };

  beforeAll(async () => {
    exchangeA = await newExchange('rma');
    exchangeB = await newExchange('rmb');
    const submitted = await call(urls.gateway, 'POST', '/v1/verifications', {
      token: exchangeA.key,
      headers: { 'idempotency-key': referenceA },
      body: ssaRequest(testSsn(1), 'Silva', { reference: referenceA }),
    });
    expect(submitted.status).toBe(202);
    fixtures.verification = submitted.body.id;
    // Completed before the walk, so an operator's retry or cancel of it is a 409 and changes nothing.
    const done = await pollUntil(() => call(urls.gateway, 'GET', `/v1/verifications/${fixtures.verification}`, { token: exchangeA.key }), (r) => r.body.status === 'completed', 20_000, 200);
    expect(done.body.status).toBe('completed');
    const batch = await call(urls.gateway, 'POST', '/v1/batches', {
      token: exchangeA.key,
      rawBody: `${JSON.stringify(ssaRequest(testSsn(1), 'Silva', { reference: referenceA }))}\n`,
      headers: { 'content-type': 'application/x-ndjson' },
    });
    expect(batch.status).toBe(202);
    fixtures.batch = batch.body.id;

    const revoked = await newKey('admin');
    const credentials = await call(urls.console, 'GET', '/v1/admin/credentials', { token: ADMIN });
    const revokedId = credentials.body.data.find((c: { keyPrefix: string }) => c.keyPrefix === revoked.slice(0, 10)).id;
    expect((await call(urls.console, 'DELETE', `/v1/admin/credentials/${revokedId}`, { token: ADMIN })).status).toBe(204);

    callers.push(
      { name: 'submitter key', role: 'submitter', token: exchangeA.key },
      { name: 'operator key', role: 'operator', token: await newKey('operator') },
      { name: 'auditor key', role: 'auditor', token: await newKey('auditor') },
      { name: 'admin key', role: 'admin', token: await newKey('admin') },
      { name: 'bootstrap admin token', role: 'admin', token: ADMIN },
      { name: 'no key', role: null },
      { name: 'unknown key', role: null, token: `dxh_${'x'.repeat(43)}` },
      { name: 'revoked admin key', role: null, token: revoked },
    );
  }, 60_000);

  it.each(MATRIX.map((row) => [`${row.process} ${row.method} ${row.route}`, row] as const))('%s', async (_, row) => {
    for (const caller of callers) {
      const response = await request(row, caller.token);
      const seen = `${caller.name}: ${response.status} ${response.text.slice(0, 200)}`;
      if (row.allowed === 'public' || (caller.role && row.allowed.includes(caller.role))) {
        expect(seen).not.toMatch(/^[^:]+: (401|403|5\d\d) /);
        continue;
      }
      expect(seen).toMatch(new RegExp(`^[^:]+: ${caller.role ? 403 : 401} `));
      expect(response.headers.get('content-type')).toContain(PROBLEM);
      expect(response.body.status).toBe(response.status);
    }
  });

  it('covers every route the gateway and the console describe in their OpenAPI', async () => {
    for (const process of ['gateway', 'console'] as const) {
      const described = (await call(urls[process], 'GET', '/docs-json')).body.paths as Record<string, Record<string, unknown>>;
      const routes = Object.entries(described).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
      const inMatrix = MATRIX.filter((row) => row.process === process && !row.route.startsWith('/docs')).map((row) => `${row.method} ${row.route}`);
      expect(routes.sort()).toEqual(inMatrix.sort());
    }
  });

  describe('tenant isolation', () => {
    const submitterIdRoutes = MATRIX.filter((row) => row.allowed !== 'public' && row.allowed.includes('submitter') && row.route.includes('{id}'));

    it("answers another exchange's verification as if it did not exist, on every submitter route with an id", async () => {
      expect(submitterIdRoutes.length).toBeGreaterThan(0);
      for (const row of submitterIdRoutes) {
        const owner = await request(row, exchangeA.key);
        expect(owner.status).toBe(200);
        const stranger = await request(row, exchangeB.key);
        const missing = await call(urls[row.process], row.method, row.route.replace('{id}', fixtures.missingVerification), { token: exchangeB.key, body: row.body });
        expect(stranger.status).toBe(404);
        expect(stranger.headers.get('content-type')).toContain(PROBLEM);
        expect(stranger.text).not.toContain(exchangeA.exchangeId);
        const { requestId: _a, instance: _b, ...strangerProblem } = stranger.body;
        const { requestId: _c, instance: _d, ...missingProblem } = missing.body;
        expect(strangerProblem).toEqual(missingProblem);
      }
    });

    it("never lists another exchange's verifications, whatever the filter", async () => {
      const own = await call(urls.gateway, 'POST', '/v1/verifications', { token: exchangeB.key, body: ssaRequest(testSsn(2)) });
      expect(own.status).toBe(202);
      for (const query of ['', '?limit=500', `?reference=${referenceA}`, '?service=ssa-composite', '?status=completed']) {
        const listed = await call(urls.gateway, 'GET', `/v1/verifications${query}`, { token: exchangeB.key });
        expect(listed.status).toBe(200);
        expect(listed.body.data.map((v: { id: string }) => v.id)).not.toContain(fixtures.verification);
        expect(listed.text).not.toContain(referenceA);
      }
      const all = await call(urls.gateway, 'GET', '/v1/verifications?limit=500', { token: exchangeB.key });
      expect(all.body.data.map((v: { id: string }) => v.id)).toEqual([own.body.id]);
    });

    it("cannot continue another exchange's verification: the same answer as for one that does not exist", async () => {
      const continueFrom = (id: string, token: string) =>
        call(urls.gateway, 'POST', '/v1/verifications', { token, body: { service: 'fars', previousVerificationId: id } });
      const stranger = await continueFrom(fixtures.verification, exchangeB.key);
      const missing = await continueFrom(fixtures.missingVerification, exchangeB.key);
      expect(stranger.status).toBe(400);
      expect(stranger.body.errors).toEqual(missing.body.errors);
      // The owner is told something else (wrong service), which is what a stranger must not learn.
      expect((await continueFrom(fixtures.verification, exchangeA.key)).body.errors).not.toEqual(missing.body.errors);
    });

    it("does not see another exchange's Idempotency-Key", async () => {
      const reused = await call(urls.gateway, 'POST', '/v1/verifications', {
        token: exchangeB.key,
        headers: { 'idempotency-key': referenceA },
        body: ssaRequest(testSsn(3)),
      });
      expect(reused.status).toBe(202);
      expect(reused.body.id).not.toBe(fixtures.verification);
    });
  });
});
