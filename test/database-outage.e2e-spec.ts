import { call, CuttableProxy, E2E_ENV, E2E_LOG_DIR, E2E_ROOT, RunningProcess, ssaRequest, startHubProcess, stopHubProcess, testSsn, waitForHealthy, testSlot } from '@dxhub/testing';
import { newExchange } from './e2e-fixtures';

// CONTRACT/issue: with PostgreSQL down the gateway answers 503 problem+json with Retry-After, stores
// nothing half-way, and recovers by itself when the database is back.
describe('gateway during a database outage', () => {
  const proxy = new CuttableProxy(Number(testSlot.port(15433)));
  const port = testSlot.port(13010);
  const env = { ...process.env, ...E2E_ENV, GATEWAY_PORT: port, DATABASE_URL: E2E_ENV.DATABASE_URL.replace(':5432/', `:${proxy.port}/`) };
  const gateway = `http://127.0.0.1:${port}`;
  let running: RunningProcess;
  let key: string;

  beforeAll(async () => {
    await proxy.open();
    ({ key } = await newExchange('outage'));
    running = startHubProcess(E2E_ROOT, 'gateway', env, `${E2E_LOG_DIR}/outage`);
    await waitForHealthy('gateway', env);
  });

  afterAll(async () => {
    await stopHubProcess(running);
    await proxy.cut();
  });

  it('accepts, answers 503 with Retry-After while PostgreSQL is away, and recovers', async () => {
    expect((await call(gateway, 'POST', '/v1/verifications', { token: key, body: ssaRequest(testSsn(1)) })).status).toBe(202);

    await proxy.cut();
    const down = await call(gateway, 'POST', '/v1/verifications', { token: key, body: ssaRequest(testSsn(2)) });
    expect(down.status).toBe(503);
    expect(down.headers.get('content-type')).toContain('application/problem+json');
    expect(down.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(down.body).toMatchObject({ status: 503, type: '/problems/unavailable' });
    const health = await call(gateway, 'GET', '/health');
    expect(health.status).toBe(503);
    expect(health.body.checks.database).toMatch(/^down/);

    await proxy.open();
    const back = await call(gateway, 'POST', '/v1/verifications', { token: key, body: ssaRequest(testSsn(3)) });
    expect(back.status).toBe(202);
    // Only the two accepted requests exist: the refused one left nothing behind.
    const list = await call(`http://127.0.0.1:${E2E_ENV.GATEWAY_PORT}`, 'GET', '/v1/verifications', { token: key });
    expect(list.body.data).toHaveLength(2);
  });
});
