import { request } from 'node:https';
import { rmSync } from 'node:fs';
import { call, E2E_ENV, E2E_LOG_DIR, E2E_ROOT, RunningProcess, ssaRequest, startHubProcess, stopHubProcess, testSsn, urls, testSlot } from '@dxhub/testing';
import { ADMIN, newExchange, newKey } from './e2e-fixtures';
import { makeTestPki, Pem, TestPki } from './mtls-certificates';

interface HttpsAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

// Issue 5: with TLS_CERT, TLS_KEY and TLS_CA set, the gateway serves HTTPS only, refuses clients without a
// certificate from the CA at the handshake, and accepts a submitter key only with its exchange's certificate.
// undici's fetch cannot present a client certificate, so these calls use node:https.
describe('gateway with mutual TLS', () => {
  const port = Number(testSlot.port(13030));
  let pki: TestPki;
  let running: RunningProcess | undefined;
  let exchangeA: { exchangeId: string; key: string };
  let exchangeB: { exchangeId: string; key: string };

  const gateway = (method: string, path: string, options: { client?: Pem; token?: string; body?: unknown } = {}) =>
    new Promise<HttpsAnswer>((resolve, reject) => {
      const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
      const headers: Record<string, string> = {};
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      if (payload) headers['content-type'] = 'application/json';
      // agent: false, so no connection (and its certificate) is reused between calls.
      const req = request(
        { host: '127.0.0.1', port, method, path, headers, ca: pki.ca, cert: options.client?.cert, key: options.client?.key, agent: false, timeout: 5000 },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text ? JSON.parse(text) : null }));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error('timed out')));
      req.on('error', reject);
      req.end(payload);
    });

  const bind = (exchangeId: string, fingerprint256: unknown, extra: Record<string, unknown> = {}) =>
    call(urls.console, 'PUT', `/v1/admin/exchanges/${exchangeId}/client-certificate`, { token: ADMIN, body: { fingerprint256, ...extra } });

  async function waitForHealthyOverHttps(timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = 'no answer';
    while (Date.now() < deadline) {
      try {
        const health = await gateway('GET', '/health', { client: pki.clientB });
        if (health.status === 200) return;
        last = `HTTP ${health.status}`;
      } catch (error) {
        last = (error as Error).message;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`the mutual-TLS gateway did not become healthy on port ${port}: ${last}`);
  }

  beforeAll(async () => {
    pki = makeTestPki();
    exchangeA = await newExchange('mtlsa');
    exchangeB = await newExchange('mtlsb');
    const bound = await bind(exchangeA.exchangeId, pki.clientA.fingerprint256);
    expect(bound.status).toBe(200);
    expect(bound.body).toEqual({ exchangeId: exchangeA.exchangeId, fingerprint256: pki.clientA.fingerprint256.replace(/:/g, '').toLowerCase() });

    const env = { ...process.env, ...E2E_ENV, GATEWAY_PORT: String(port), TLS_CERT: pki.server.certPath, TLS_KEY: pki.server.keyPath, TLS_CA: pki.caPath };
    running = startHubProcess(E2E_ROOT, 'gateway', env, `${E2E_LOG_DIR}/mtls`);
    await waitForHealthyOverHttps();
  }, 60_000);

  afterAll(async () => {
    if (running) await stopHubProcess(running);
    if (pki) rmSync(pki.dir, { recursive: true, force: true });
  });

  it('refuses at the TLS handshake a client without a certificate, or with one the CA did not sign', async () => {
    await expect(gateway('GET', '/health')).rejects.toThrow(/certificate required|ECONNRESET|socket hang up/);
    await expect(gateway('GET', '/health', { client: pki.rogue })).rejects.toThrow(/unknown ca|ECONNRESET|socket hang up/);
  });

  it('serves /health over https to a client with a certificate from the CA', async () => {
    const health = await gateway('GET', '/health', { client: pki.clientA });
    expect(health.status).toBe(200);
  });

  it("accepts a submitter key with its exchange's certificate and refuses it with another's", async () => {
    const accepted = await gateway('POST', '/v1/verifications', { client: pki.clientA, token: exchangeA.key, body: ssaRequest(testSsn(1)) });
    expect(accepted.status).toBe(202);

    const refused = await gateway('POST', '/v1/verifications', { client: pki.clientB, token: exchangeA.key, body: ssaRequest(testSsn(2)) });
    expect(refused.status).toBe(401);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ status: 401, type: '/problems/unauthorized' });
    expect(refused.body.detail).toMatch(/certificate does not match .* key's exchange/);

    // The refused request stored nothing.
    const listed = await gateway('GET', '/v1/verifications', { client: pki.clientA, token: exchangeA.key });
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((v: { id: string }) => v.id)).toEqual([accepted.body.id]);
  });

  it('accepts no certificate for an exchange that has none bound', async () => {
    const refused = await gateway('GET', '/v1/verifications', { client: pki.clientB, token: exchangeB.key });
    expect(refused.status).toBe(401);
    expect(refused.body.detail).toMatch(/No client certificate is bound/);
  });

  it('does not bind staff keys to a certificate', async () => {
    const operator = await newKey('operator');
    expect((await gateway('GET', '/v1/services', { client: pki.clientB, token: operator })).status).toBe(200);
  });

  it('takes a new binding at once: the old certificate stops working for the exchange', async () => {
    expect((await bind(exchangeB.exchangeId, pki.clientB.fingerprint256.replace(/:/g, ''))).status).toBe(200);
    expect((await gateway('GET', '/v1/verifications', { client: pki.clientB, token: exchangeB.key })).status).toBe(200);
    expect((await bind(exchangeB.exchangeId, pki.clientA.fingerprint256)).status).toBe(200);
    expect((await gateway('GET', '/v1/verifications', { client: pki.clientB, token: exchangeB.key })).status).toBe(401);
    expect((await gateway('GET', '/v1/verifications', { client: pki.clientA, token: exchangeB.key })).status).toBe(200);
  });

  it('validates a binding strictly: 400 naming the field, 404 for an unknown exchange, admins only', async () => {
    const malformed = await bind(exchangeA.exchangeId, 'not-a-fingerprint');
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual([expect.objectContaining({ field: 'fingerprint256' })]);
    const unknownField = await bind(exchangeA.exchangeId, pki.clientB.fingerprint256, { subject: 'CN=x' });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.errors).toEqual([expect.objectContaining({ field: 'subject' })]);
    expect((await bind('atlantis', pki.clientB.fingerprint256)).status).toBe(404);
    const bySubmitter = await call(urls.console, 'PUT', `/v1/admin/exchanges/${exchangeA.exchangeId}/client-certificate`, {
      token: exchangeA.key,
      body: { fingerprint256: pki.clientB.fingerprint256 },
    });
    expect(bySubmitter.status).toBe(403);
    // Nothing changed: A's own certificate still works, B's still does not.
    expect((await gateway('GET', '/v1/verifications', { client: pki.clientA, token: exchangeA.key })).status).toBe(200);
    expect((await gateway('GET', '/v1/verifications', { client: pki.clientB, token: exchangeA.key })).status).toBe(401);
  });
});
