import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { call, E2E_ENV, E2E_LOG_DIR, E2E_ROOT, pollUntil, ssaRequest, testSsn, urls } from '@dxhub/testing';
import { ADMIN, newExchange } from './e2e-fixtures';

const run = promisify(execFile);
const cli = (...args: string[]) =>
  run(process.execPath, [join(E2E_ROOT, 'dist', 'apps', 'cli', 'src', 'dxhub.js'), ...args], { env: { ...process.env, ...E2E_ENV } });

describe('operations surface of every process', () => {
  it.each(Object.entries(urls))('%s answers /health 200 naming its checks', async (name, base) => {
    const health = await call(base, 'GET', '/health');
    expect(health.status).toBe(200);
    expect(health.body.status).toBe('ok');
    if (name !== 'federalHub') expect(health.body.checks).toMatchObject({ database: 'up', redis: 'up' });
    if (name === 'broker') expect(health.body.checks['federal-hub']).toBe('up');
  });

  it.each(Object.entries(urls))('%s answers /metrics in Prometheus text', async (_, base) => {
    const metrics = await call(base, 'GET', '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    expect(metrics.text).toContain('# TYPE dxhub_process_cpu_seconds_total counter');
    expect(metrics.text).toContain('dxhub_http_request_duration_seconds');
  });

  it('counts accepted verifications and federal transfers in metrics', async () => {
    const exchange = `metrics-${Date.now().toString(36)}`;
    await call(urls.console, 'POST', '/v1/admin/exchanges', { token: ADMIN, body: { id: exchange, name: 'Metrics' } });
    const key = (await call(urls.console, 'POST', '/v1/admin/credentials', { token: ADMIN, body: { role: 'submitter', exchangeId: exchange } })).body.key;
    await call(urls.gateway, 'POST', '/v1/verifications', { token: key, body: ssaRequest(testSsn(1)) });
    const gateway = await call(urls.gateway, 'GET', '/metrics');
    expect(gateway.text).toMatch(/dxhub_verifications_received_total\{service="ssa-composite"\} [1-9]/);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const broker = await call(urls.broker, 'GET', '/metrics');
    expect(broker.text).toMatch(/dxhub_federal_calls_total\{source="ssa",result="success"\} [1-9]/);
  });

  it.each([
    ['gateway', urls.gateway, '/v1/verifications'],
    ['console', urls.console, '/v1/admin/credentials'],
  ])('%s serves its OpenAPI description at /docs', async (_, base, path) => {
    const ui = await call(base, 'GET', '/docs');
    expect(ui.status).toBe(200);
    expect(ui.headers.get('content-type')).toContain('text/html');
    const json = await call(base, 'GET', '/docs-json');
    expect(json.body.openapi).toMatch(/^3\./);
    expect(Object.keys(json.body.paths)).toContain(path);
  });

  it('the CLI creates an exchange and a submitter key that the gateway accepts', async () => {
    const id = `cli-${Date.now().toString(36)}`;
    const exchange = JSON.parse((await cli('exchanges', 'create', id, 'Created from the CLI')).stdout);
    expect(exchange).toMatchObject({ id, name: 'Created from the CLI' });
    const credential = JSON.parse((await cli('credentials', 'create', '--role', 'submitter', '--exchange', id)).stdout);
    expect(credential).toMatchObject({ role: 'submitter', exchangeId: id, key: expect.stringMatching(/^dxh_/) });
    const submitted = await call(urls.gateway, 'POST', '/v1/verifications', { token: credential.key, body: ssaRequest(testSsn(0)) });
    expect(submitted.status).toBe(202);
    const listed = JSON.parse((await cli('credentials', 'list')).stdout);
    expect(JSON.stringify(listed)).not.toContain(credential.key);
  });

  it('the CLI explains bad input instead of failing with a stack trace', async () => {
    await expect(cli('exchanges', 'create', 'Bad Id!', 'x')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('id: must be a lowercase slug'),
    });
  });

  it("carries the caller's X-Request-Id from the gateway into the broker's log lines", async () => {
    const { key } = await newExchange('trace');
    const traceId = `trace-${Date.now().toString(36)}`;
    const submitted = await call(urls.gateway, 'POST', '/v1/verifications', { token: key, body: ssaRequest(testSsn(2)), headers: { 'x-request-id': traceId } });
    await pollUntil(() => call(urls.gateway, 'GET', `/v1/verifications/${submitted.body.id}`, { token: key }), (r) => r.body.status === 'completed');
    // Each process writes its log in chunks, at most 250 ms late (log-destination.ts): give a busy machine a moment.
    const linesOf = (process: string) =>
      pollUntil(
        async () => readFileSync(`${E2E_LOG_DIR}/${process}.log`, 'utf8').split('\n').filter((line) => line.includes(traceId)),
        (lines) => lines.length > 0,
        5000,
        100,
      );
    const brokerLines = await linesOf('broker');
    expect(brokerLines.length).toBeGreaterThan(0);
    expect(JSON.parse(brokerLines[0])).toMatchObject({ process: 'broker', correlationId: traceId, verificationId: submitted.body.id });
    expect((await linesOf('gateway')).length).toBeGreaterThan(0);
  });
});
