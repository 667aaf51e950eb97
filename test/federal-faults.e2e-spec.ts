import { call, pollUntil, ssaRequest, testSsn, urls } from '@dxhub/testing';
import { newExchange } from './e2e-fixtures';

const finished = (r: { body: { status: string } }) => r.body.status === 'completed' || r.body.status === 'failed';

// The simulator's lastName triggers (CONTRACT) through the whole hub: retries, timeouts, permanent errors.
describe('federal faults end to end', () => {
  let key: string;
  beforeAll(async () => ({ key } = await newExchange('faults')));

  async function submitAndWait(lastName: string, timeoutMs: number) {
    const submitted = await call(urls.gateway, 'POST', '/v1/verifications', { token: key, body: ssaRequest(testSsn(1), lastName) });
    expect(submitted.status).toBe(202);
    return pollUntil(() => call(urls.gateway, 'GET', `/v1/verifications/${submitted.body.id}`, { token: key }), finished, timeoutMs, 200);
  }

  it('Transient: two HX009000 answers are retried, the third call completes', async () => {
    const done = await submitAndWait('Transient', 30_000);
    expect(done.body).toMatchObject({ status: 'completed', outcome: 'verified', attempts: 3 });
  });

  it('Rejected: HE007000 is permanent, failed at once without retry', async () => {
    const done = await submitAndWait('Rejected', 10_000);
    expect(done.body).toMatchObject({
      status: 'failed',
      outcome: null,
      attempts: 1,
      error: { code: 'HE007000', source: 'ssa', attempts: 1, message: expect.stringContaining('400') },
    });
  });

  it('Slow: the first call times out (FEDERAL_TIMEOUT_MS) and the retry completes', async () => {
    const done = await submitAndWait('Slow', 30_000);
    expect(done.body).toMatchObject({ status: 'completed', attempts: 2 });
  });

  it('Sourcedown: retries run out and the verification ends failed with HX005001', async () => {
    const done = await submitAndWait('Sourcedown', 50_000);
    expect(done.body).toMatchObject({ status: 'failed', attempts: 5, error: { code: 'HX005001', source: 'ssa', attempts: 5 } });
  });
});

describe('circuit breaker per federal source', () => {
  let key: string;
  beforeAll(async () => ({ key } = await newExchange('circuit')));

  const circuitState = async (source: string) => {
    const metrics = await call(urls.broker, 'GET', '/metrics');
    const match = new RegExp(`dxhub_circuit_state\\{source="${source}"\\} (\\d)`).exec(metrics.text);
    return match ? Number(match[1]) : null;
  };

  it('opens when a source keeps failing, holds its jobs without spending attempts, and closes after a good probe', async () => {
    // Another file's Sourcedown subjects may have left a source's circuit open (nothing has called it since):
    // what matters is that this source's failures change no other source's circuit.
    const opmBefore = await circuitState('opm');
    await call(urls.federalHub, 'PUT', '/admin/faults', { body: { equifax: { errorRate: 1 } } });
    const submit = () => call(urls.gateway, 'POST', '/v1/verifications', { token: key, body: { service: 'vci', subject: { ssn: testSsn(1), lastName: 'Silva', dateOfBirth: '1980-02-29' } } });
    try {
      const ids = (await Promise.all([1, 2, 3, 4].map(submit))).map((r) => r.body.id);
      expect(await pollUntil(() => circuitState('equifax'), (state) => state === 1, 20_000, 100)).toBe(1);
      expect(await circuitState('opm')).toBe(opmBefore); // other sources are not affected
      await call(urls.federalHub, 'POST', '/admin/reset');
      const done = await pollUntil(
        () => Promise.all(ids.map(async (id) => (await call(urls.gateway, 'GET', `/v1/verifications/${id}`, { token: key })).body)),
        (all) => all.every((v) => v.status === 'completed' || v.status === 'failed'),
        40_000,
        200,
      );
      // While open, no call went out and no attempt was spent, so most complete once the probe succeeds.
      expect(done.filter((v) => v.status === 'completed').length).toBeGreaterThan(0);
      expect(await pollUntil(() => circuitState('equifax'), (state) => state === 0, 10_000, 100)).toBe(0);
    } finally {
      await call(urls.federalHub, 'POST', '/admin/reset');
    }
  });
});
