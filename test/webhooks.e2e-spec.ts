import { createHmac, timingSafeEqual } from 'node:crypto';
import { call, LocalHttpServer, pollUntil, ReceivedRequest, sendJson, ssaRequest, testSsn, urls } from '@dxhub/testing';
import { ADMIN, newExchange, newKey } from './e2e-fixtures';

// Result delivery by signed webhooks (CONTRACT): a receiver on a free local port plays the exchange's
// backend. The broker runs with WEBHOOK_RETRY_BASE_MS small (E2E_ENV), so a retry comes within a second.

/** What an exchange does with a delivery: check the signature over the raw bytes, with the secret, and its age. */
function signatureValid(request: ReceivedRequest, secret: string): boolean {
  const header = String(request.headers['dxhub-signature'] ?? '');
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!match) return false;
  const [, t, v1] = match;
  if (Math.abs(Date.now() / 1000 - Number(t)) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${request.body}`).digest();
  return timingSafeEqual(expected, Buffer.from(v1, 'hex'));
}

describe('webhook delivery', () => {
  const received: ReceivedRequest[] = [];
  let failNext = 0;
  const receiver = new LocalHttpServer((request, res) => {
    received.push(request);
    if (failNext > 0) {
      failNext--;
      return sendJson(res, 500, { error: 'not now' });
    }
    return sendJson(res, 200, { ok: true });
  });
  let key: string;
  let secret: string;

  const deliveriesFor = (verificationId: string) => received.filter((r) => JSON.parse(r.body).data?.id === verificationId);
  async function submitAndFinish(lastName: string): Promise<Record<string, any>> {
    const submitted = await call(urls.gateway, 'POST', '/v1/verifications', { token: key, body: ssaRequest(testSsn(1), lastName) });
    expect(submitted.status).toBe(202);
    const done = await pollUntil(
      () => call(urls.gateway, 'GET', `/v1/verifications/${submitted.body.id}`, { token: key }),
      (r) => r.body.status === 'completed' || r.body.status === 'failed',
    );
    return done.body;
  }

  beforeAll(async () => {
    await receiver.start();
    const exchange = await newExchange('wh');
    key = exchange.key;
    const set = await call(urls.console, 'PUT', `/v1/admin/exchanges/${exchange.exchangeId}/webhook`, { token: ADMIN, body: { url: `${receiver.baseUrl}/dxhub` } });
    expect(set.status).toBe(200);
    secret = set.body.secret;
  });

  afterAll(() => receiver.stop());

  it('POSTs a completed verification, retries after a 500, and stops once it is accepted', async () => {
    failNext = 1;
    const verification = await submitAndFinish('Silva');
    expect(verification.status).toBe('completed');

    const attempts = await pollUntil(async () => deliveriesFor(verification.id), (list) => list.length >= 2);
    expect(attempts).toHaveLength(2);
    for (const attempt of attempts) {
      expect(attempt).toMatchObject({ method: 'POST', url: '/dxhub' });
      expect(attempt.headers['content-type']).toBe('application/json');
      expect(signatureValid(attempt, secret)).toBe(true);
      expect(signatureValid(attempt, 'another-secret')).toBe(false);
    }

    const body = JSON.parse(attempts[1].body);
    expect(Object.keys(body).sort()).toEqual(['createdAt', 'data', 'id', 'type']);
    expect(body).toMatchObject({ id: expect.stringMatching(/^dlv_/), type: 'verification.completed' });
    expect(new Date(body.createdAt).toISOString()).toBe(body.createdAt);
    expect(JSON.parse(attempts[0].body).id).toBe(body.id); // the same delivery, tried again

    // The data is the resource exactly as polling shows it.
    const polled = await call(urls.gateway, 'GET', `/v1/verifications/${verification.id}`, { token: key });
    expect(body.data).toEqual(polled.body);

    // Accepted: no further attempt, even after the next retry would have been due.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(deliveriesFor(verification.id)).toHaveLength(2);
  });

  it('POSTs a failed verification once, as verification.failed, with the error', async () => {
    const verification = await submitAndFinish('Rejected');
    expect(verification.status).toBe('failed');

    const [delivery] = await pollUntil(async () => deliveriesFor(verification.id), (list) => list.length >= 1);
    expect(signatureValid(delivery, secret)).toBe(true);
    const body = JSON.parse(delivery.body);
    expect(body).toMatchObject({ type: 'verification.failed', data: { id: verification.id, status: 'failed', error: { code: 'HE007000' } } });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(deliveriesFor(verification.id)).toHaveLength(1);
  });

  it('lists a delivery that keeps failing as a failed transfer, which an operator re-drives', async () => {
    const operator = await newKey('operator');
    failNext = 1000;
    const verification = await submitAndFinish('Silva');
    const listed = await pollUntil(
      () => call(urls.console, 'GET', '/v1/ops/failed-transfers?source=webhook', { token: operator }),
      (r) => r.body.data.some((t: { verificationId: string }) => t.verificationId === verification.id),
      15_000,
      200,
    );
    const failed = listed.body.data.find((t: { verificationId: string }) => t.verificationId === verification.id);
    expect(failed).toMatchObject({ kind: 'delivery', id: expect.stringMatching(/^dlv_/), source: 'webhook', error: { code: 'WEBHOOK_DELIVERY_FAILED', httpStatus: 500 } });
    const triedBefore = deliveriesFor(verification.id).length;
    expect(triedBefore).toBeGreaterThanOrEqual(2);

    failNext = 0;
    const retried = await call(urls.console, 'POST', `/v1/ops/deliveries/${failed.id}/retry`, { token: operator, body: { reason: 'receiver fixed' } });
    expect(retried.status).toBe(202);
    await pollUntil(async () => deliveriesFor(verification.id), (list) => list.length === triedBefore + 1);
    const after = await pollUntil(
      () => call(urls.console, 'GET', '/v1/ops/failed-transfers?source=webhook', { token: operator }),
      (r) => !r.body.data.some((t: { id: string }) => t.id === failed.id),
    );
    expect(after.body.data.map((t: { id: string }) => t.id)).not.toContain(failed.id);
    expect((await call(urls.console, 'POST', `/v1/ops/deliveries/${failed.id}/retry`, { token: operator, body: { reason: 'again' } })).status).toBe(409);
  });
});
