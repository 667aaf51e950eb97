import { loadSsaCompositeSchemas } from '../ssa-composite/ssa-composite.schemas';
import { ScriptedRandom, useHubTestApp, useTestApp } from '../testing/federal-hub-test-app';
import { callHub, ssaIndividual, ssaRequest } from '../testing/hub-calls';

const { response: validResponse } = loadSsaCompositeSchemas();
const SOURCES = ['ssa', 'dhs', 'irs', 'equifax', 'opm', 'cms-mec', 'experian', '*'];

describe('chaos faults', () => {
  const random = new ScriptedRandom();
  const hub = useHubTestApp({ random, config: { slowMs: 30_000 } });

  const getFaults = async () => (await hub.app.inject({ method: 'GET', url: '/admin/faults' })).json();
  const callSsa = (payload: unknown = ssaRequest(ssaIndividual('123456780'))) => hub.call('ssa-composite', payload);

  describe('GET/PUT /admin/faults', () => {
    it('lists every source and * with no faults at first', async () => {
      expect(await getFaults()).toEqual(Object.fromEntries(SOURCES.map((source) => [source, {}])));
    });

    it('replaces the entries given and keeps the others', async () => {
      const ssa = { errorRate: 0.1, timeoutRate: 0.2, latencyMs: { p50: 10, p99: 50 }, outage: false, duplicateRate: 0.3, rateLimitPerSecond: 5 };
      const first = await hub.putFaults({ ssa, irs: { outage: true } });
      expect(first.statusCode).toBe(200);
      expect(first.json()).toMatchObject({ ssa, irs: { outage: true }, dhs: {}, '*': {} });
      const second = await hub.putFaults({ ssa: { errorRate: 0.5 } });
      expect(second.json()).toMatchObject({ ssa: { errorRate: 0.5 }, irs: { outage: true } });
      expect(second.json().ssa).toEqual({ errorRate: 0.5 });
      expect(await getFaults()).toEqual(second.json());
    });

    it.each([
      ['an unknown source', { nasa: { outage: true } }, 'nasa'],
      ['an unknown field', { ssa: { flakiness: 1 } }, 'ssa.flakiness'],
      ['a rate above 1', { ssa: { errorRate: 1.5 } }, 'ssa.errorRate'],
      ['a negative rate', { '*': { timeoutRate: -0.1 } }, '*.timeoutRate'],
      ['a p99 under the p50', { dhs: { latencyMs: { p50: 100, p99: 10 } } }, 'dhs.latencyMs.p99'],
      ['a latency without p99', { dhs: { latencyMs: { p50: 100 } } }, 'dhs.latencyMs.p99'],
      ['a non-boolean outage', { opm: { outage: 'yes' } }, 'opm.outage'],
      ['a zero rate limit', { experian: { rateLimitPerSecond: 0 } }, 'experian.rateLimitPerSecond'],
      ['an array body', [], '(body)'],
    ])('answers 400 naming the field for %s, and stores nothing', async (_, payload, field) => {
      const response = await hub.putFaults(Array.isArray(payload) ? payload : { irs: { outage: true }, ...payload });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ error: 'invalid_request', errors: expect.arrayContaining([{ field, message: expect.any(String) }]) });
      expect((await getFaults()).irs).toEqual({});
    });

    it('answers 400 for a body that is not JSON', async () => {
      const response = await hub.app.inject({ method: 'PUT', url: '/admin/faults', headers: { 'content-type': 'application/json' }, payload: '{' });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ error: 'invalid_request' });
    });

    it('POST /admin/reset clears the faults', async () => {
      await hub.putFaults({ ssa: { outage: true } });
      expect((await hub.reset()).statusCode).toBe(204);
      expect((await getFaults()).ssa).toEqual({});
      expect((await callSsa()).statusCode).toBe(200);
    });
  });

  describe('on /hub', () => {
    it('outage: 503 HX009000, before the request is even validated', async () => {
      await hub.putFaults({ ssa: { outage: true } });
      for (const payload of [undefined, { not: 'a request' }]) {
        const response = await callSsa(payload);
        expect(response.statusCode).toBe(503);
        expect(response.json()).toEqual({ ssaCompositeResponse: { responseMetadata: { responseCode: 'HX009000', responseText: 'The Hub is unavailable' } } });
        expect(validResponse(response.json())).toBe(true);
      }
    });

    it('checks the token before any fault', async () => {
      await hub.putFaults({ '*': { outage: true } });
      expect((await callHub(hub.app, 'ssa-composite', { payload: ssaRequest(ssaIndividual('123456780')) })).statusCode).toBe(401);
    });

    it('applies * to every source, under the source\'s own settings', async () => {
      await hub.putFaults({ '*': { outage: true } });
      expect((await callSsa()).statusCode).toBe(503);
      await hub.putFaults({ ssa: { outage: false } });
      expect((await callSsa()).statusCode).toBe(200);
    });

    it('leaves a source alone when another one is faulty', async () => {
      await hub.putFaults({ irs: { outage: true, errorRate: 1 } });
      expect((await callSsa()).statusCode).toBe(200);
    });

    it('rateLimitPerSecond: 429 with Retry-After past the bucket, refilled over time', async () => {
      await hub.putFaults({ ssa: { rateLimitPerSecond: 2 } });
      expect((await callSsa()).statusCode).toBe(200);
      expect((await callSsa()).statusCode).toBe(200);
      const limited = await callSsa();
      expect(limited.statusCode).toBe(429);
      expect(limited.headers['retry-after']).toBe('1');
      expect(limited.json().ssaCompositeResponse.responseMetadata.responseCode).toBe('HX009000');
      expect(validResponse(limited.json())).toBe(true);
      hub.clock.advance(500);
      expect((await callSsa()).statusCode).toBe(200);
      expect((await callSsa()).statusCode).toBe(429);
    });

    it('rateLimitPerSecond below 1: Retry-After in whole seconds until the next token', async () => {
      await hub.putFaults({ ssa: { rateLimitPerSecond: 0.25 } });
      expect((await callSsa()).statusCode).toBe(200);
      const limited = await callSsa();
      expect(limited.statusCode).toBe(429);
      expect(limited.headers['retry-after']).toBe('4');
    });

    it('errorRate: 500 HX005001 when the draw falls under the rate', async () => {
      await hub.putFaults({ ssa: { errorRate: 0.3 } });
      random.play(0.29, 0.3);
      const failed = await callSsa();
      expect(failed.statusCode).toBe(500);
      expect(failed.json().ssaCompositeResponse.responseMetadata.responseCode).toBe('HX005001');
      expect(validResponse(failed.json())).toBe(true);
      expect((await callSsa()).statusCode).toBe(200);
    });

    it('timeoutRate: hangs SIMULATOR_SLOW_MS, then answers', async () => {
      await hub.putFaults({ ssa: { timeoutRate: 0.5 } });
      random.play(0.1, 0.9);
      expect((await callSsa()).statusCode).toBe(200);
      expect(hub.clock.sleeps).toEqual([30_000]);
      expect((await callSsa()).statusCode).toBe(200);
      expect(hub.clock.sleeps).toEqual([30_000]);
    });

    it('latencyMs: sleeps a log-normal draw fitted to p50 and p99', async () => {
      await hub.putFaults({ ssa: { latencyMs: { p50: 100, p99: 1000 } } });
      random.play(0.5, 0.99);
      await callSsa();
      await callSsa();
      expect(hub.clock.sleeps).toHaveLength(2);
      expect(hub.clock.sleeps[0]).toBeCloseTo(100, 6);
      expect(hub.clock.sleeps[1]).toBeCloseTo(1000, 3);
    });

    it('duplicateRate: stored and returned, no effect on synchronous answers', async () => {
      await hub.putFaults({ ssa: { duplicateRate: 1 } });
      expect((await getFaults()).ssa).toEqual({ duplicateRate: 1 });
      expect((await callSsa()).statusCode).toBe(200);
    });

    it('reset also restarts the per-SSN counts of the lastName triggers and the rate-limit buckets', async () => {
      const transient = ssaRequest(ssaIndividual('123456780', { personSurName: 'Transient' }));
      await hub.putFaults({ ssa: { rateLimitPerSecond: 1 } });
      expect((await callSsa(transient)).statusCode).toBe(500);
      await hub.reset();
      await hub.putFaults({ ssa: { rateLimitPerSecond: 1 } });
      expect((await callSsa(transient)).statusCode).toBe(500);
    });
  });
});

describe('/admin in production', () => {
  const testApp = useTestApp({ config: { production: true, adminToken: 'admin-token', clientSecret: 'prod-secret' } });

  it.each([
    ['no token', undefined],
    ['a wrong token', 'Bearer nope'],
    ['another scheme', 'Basic admin-token'],
  ])('answers 401 with %s', async (_, authorization) => {
    const headers = authorization ? { authorization } : {};
    for (const request of [
      { method: 'GET' as const, url: '/admin/faults' },
      { method: 'PUT' as const, url: '/admin/faults', payload: { ssa: { outage: true } } },
      { method: 'POST' as const, url: '/admin/reset' },
    ]) {
      const response = await testApp.app.inject({ ...request, headers });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual({ error: 'unauthorized' });
    }
  });

  it('serves the admin token', async () => {
    const response = await testApp.app.inject({ method: 'GET', url: '/admin/faults', headers: { authorization: 'Bearer admin-token' } });
    expect(response.statusCode).toBe(200);
  });
});
