import { call, E2E_ENV, E2E_LOG_DIR, E2E_ROOT, RunningProcess, startHubProcess, stopHubProcess, waitForHealthy, testSlot } from '@dxhub/testing';
import { newExchange } from './e2e-fixtures';

const MINUTE = 60_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Issue 5: rate limits per credential, shared across gateway instances through Redis; the 6th request of
// a minute with a limit of 5 gets 429 problem+json with Retry-After, whichever instance it reaches.
describe('rate limits per credential', () => {
  const ports = [testSlot.port(13020), testSlot.port(13021)];
  const envs = ports.map((port) => ({ ...process.env, ...E2E_ENV, GATEWAY_PORT: port, RATE_LIMIT_PER_MINUTE: '5' }));
  const gateways = ports.map((port) => `http://127.0.0.1:${port}`);
  const running: RunningProcess[] = [];

  beforeAll(async () => {
    envs.forEach((env, i) => running.push(startHubProcess(E2E_ROOT, 'gateway', env, `${E2E_LOG_DIR}/rate-limit-${i}`)));
    await Promise.all(envs.map((env) => waitForHealthy('gateway', env)));
  });

  afterAll(async () => {
    for (const process of running) await stopHubProcess(process);
  });

  it('refuses the 6th request in a minute with 429 and Retry-After across two gateways, other keys unaffected', async () => {
    const [a, b] = [await newExchange('rate'), await newExchange('rate')];
    // The window slides: five requests just before a minute's edge would weigh a little under five just after it.
    if (Date.now() % MINUTE > MINUTE - 15_000) await sleep(MINUTE - (Date.now() % MINUTE) + 100);

    for (let i = 0; i < 5; i++) expect((await call(gateways[i % 2], 'GET', '/v1/verifications', { token: a.key })).status).toBe(200);
    const refused = await call(gateways[1], 'GET', '/v1/verifications', { token: a.key });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(120);
    expect(refused.body).toMatchObject({ status: 429, type: '/problems/too-many-requests', retryAfter });
    expect((await call(gateways[0], 'GET', '/v1/verifications', { token: a.key })).status).toBe(429);

    expect((await call(gateways[0], 'GET', '/v1/verifications', { token: b.key })).status).toBe(200);
    // The suite's own gateway runs without a limit (RATE_LIMIT_PER_MINUTE=0), so the key still works there.
    expect((await call(`http://127.0.0.1:${E2E_ENV.GATEWAY_PORT}`, 'GET', '/v1/verifications', { token: a.key })).status).toBe(200);
  }, 90_000);
});
