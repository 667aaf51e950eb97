import { call, pollUntil, ssaRequest, testSsn, urls } from '@dxhub/testing';
import { ADMIN } from './e2e-fixtures';

// The README's walk-through, step by step: an administrator creates an exchange and a key, the exchange
// submits an SSA Composite verification and polls it to its end.
describe('README walk-through (ssa-composite)', () => {
  let key: string;
  const exchangeId = `ma-${Date.now().toString(36)}`;

  it('creates an exchange and a submitter key with the bootstrap admin token', async () => {
    const exchange = await call(urls.console, 'POST', '/v1/admin/exchanges', {
      token: ADMIN,
      body: { id: exchangeId, name: 'Massachusetts Health Connector' },
    });
    expect(exchange.status).toBe(201);
    expect(exchange.body).toMatchObject({ id: exchangeId, name: 'Massachusetts Health Connector' });

    const credential = await call(urls.console, 'POST', '/v1/admin/credentials', {
      token: ADMIN,
      body: { role: 'submitter', exchangeId, label: 'walk-through' },
    });
    expect(credential.status).toBe(201);
    expect(credential.body).toEqual({ id: expect.any(String), key: expect.stringMatching(/^dxh_/), role: 'submitter', exchangeId, label: 'walk-through', expiresAt: null });
    key = credential.body.key;
  });

  const expectations: Array<[number, string, Record<string, unknown>]> = [
    [0, 'verified', { ssnVerified: true, citizenshipVerified: true, deathConfirmed: false, incarcerated: false }],
    [3, 'verified', { ssnVerified: true, citizenshipVerified: true, deathConfirmed: false, incarcerated: false }],
    [5, 'verified', { ssnVerified: true, citizenshipVerified: true, deathConfirmed: false, incarcerated: false }],
    [6, 'not_verified', { ssnVerified: true, citizenshipVerified: false }],
    [7, 'not_verified', { ssnVerified: true, deathConfirmed: true }],
    [8, 'not_verified', { ssnVerified: true, incarcerated: true }],
    [9, 'not_verified', { ssnVerified: false }],
  ];

  it.each(expectations)('SSN ending in %i completes %s', async (digit, outcome, result) => {
    const ssn = testSsn(digit);
    const submitted = await call(urls.gateway, 'POST', '/v1/verifications', { token: key, body: ssaRequest(ssn, 'Silva', { reference: `case-${digit}` }) });
    expect(submitted.status).toBe(202);
    expect(submitted.headers.get('location')).toBe(`/v1/verifications/${submitted.body.id}`);
    expect(submitted.body).toMatchObject({ status: 'queued', service: 'ssa-composite', reference: `case-${digit}`, subject: { ssnLast4: ssn.slice(-4) } });
    expect(JSON.stringify(submitted.body)).not.toContain(ssn);

    const done = await pollUntil(
      () => call(urls.gateway, 'GET', submitted.headers.get('location')!, { token: key }),
      (r) => r.body.status === 'completed' || r.body.status === 'failed',
    );
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'completed', outcome, attempts: 1, error: null, result: { ...result, responseCode: 'HS000000' } });
    expect(Object.keys(done.body).sort()).toEqual(
      ['attempts', 'completedAt', 'createdAt', 'error', 'id', 'outcome', 'reference', 'result', 'service', 'status', 'subject', 'updatedAt'].sort(),
    );
    expect(Date.parse(done.body.completedAt)).toBeGreaterThanOrEqual(Date.parse(done.body.createdAt));
  });
});
