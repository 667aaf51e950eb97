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
