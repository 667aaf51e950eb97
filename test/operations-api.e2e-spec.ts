import { Client } from 'pg';
import { call, E2E_ENV, pollUntil, ssaRequest, testPiiCipher, testSsn, urls, testAuditJournal } from '@dxhub/testing';
import { newExchange, newKey } from './e2e-fixtures';

const finished = (r: { body: { status: string } }) => r.body.status === 'completed' || r.body.status === 'failed';

// The operators' API (CONTRACT: Operations) through the whole hub: failed transfers, re-drive, cancel, search.
describe('operations API', () => {
  let exchangeId: string;
  let submitter: string;
  let operator: string;

  beforeAll(async () => {
    ({ exchangeId, key: submitter } = await newExchange('ops'));
    operator = await newKey('operator');
  });

  const submit = async (ssn: string, lastName = 'Silva', reference?: string) => {
    const submitted = await call(urls.gateway, 'POST', '/v1/verifications', { token: submitter, body: ssaRequest(ssn, lastName, reference ? { reference } : {}) });
    expect(submitted.status).toBe(202);
    return submitted.body.id as string;
  };
  const waitFinished = (id: string, timeoutMs: number) =>
    pollUntil(() => call(urls.gateway, 'GET', `/v1/verifications/${id}`, { token: submitter }), finished, timeoutMs, 200);
  const ops = (method: string, path: string, body?: unknown, token = operator) => call(urls.console, method, `/v1/ops${path}`, { token, body });

  it('lists a rejected verification as a failed transfer with its error, filterable and paged', async () => {
    const id = await submit(testSsn(1), 'Rejected');
    expect((await waitFinished(id, 10_000)).body.status).toBe('failed');

    const list = await ops('GET', `/failed-transfers?exchangeId=${exchangeId}&source=ssa&errorCode=HE007000`);
    expect(list.status).toBe(200);
    expect(list.body.data).toContainEqual({
      kind: 'verification',
      id,
      verificationId: id,
      exchangeId,
      service: 'ssa-composite',
      source: 'ssa',
      error: expect.objectContaining({ code: 'HE007000', source: 'ssa', attempts: 1 }),
      attempts: 1,
      failedAt: expect.any(String),
      reference: null,
    });
    expect((await ops('GET', `/failed-transfers?exchangeId=${exchangeId}&errorCode=HX005001`)).body.data).toEqual([]);

    const second = await submit(testSsn(2), 'Rejected');
    await waitFinished(second, 10_000);
    const page1 = await ops('GET', `/failed-transfers?exchangeId=${exchangeId}&limit=1`);
    expect(page1.body.data.map((t: { id: string }) => t.id)).toEqual([second]);
    const page2 = await ops('GET', `/failed-transfers?exchangeId=${exchangeId}&limit=1&cursor=${page1.body.nextCursor}`);
    expect(page2.body).toEqual({ data: [expect.objectContaining({ id })], nextCursor: null });
  });

  it('rejects malformed queries and bodies naming the field', async () => {
    const bad = await ops('GET', '/failed-transfers?since=yesterday&color=red');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['since', 'color']));
    expect((await ops('GET', '/failed-transfers?cursor=bm9wZQ')).body.errors).toEqual([{ field: 'cursor', message: expect.any(String) }]);
    expect((await ops('GET', '/failed-transfers?limit=501')).status).toBe(400);
    expect((await ops('POST', '/verifications/search', { ssn: '000-12-3456' })).body.errors).toEqual([{ field: 'ssn', message: expect.any(String) }]);
    expect((await ops('POST', '/failed-transfers/retry', { filter: { colour: 'x' }, reason: 'r' })).status).toBe(400);
    expect((await ops('POST', '/verifications/ver_nope/retry', { reason: '' })).status).toBe(400);
    expect((await ops('POST', '/verifications/ver_nope/retry', { reason: 'x'.repeat(501) })).status).toBe(400);
    expect((await ops('POST', '/verifications/ver_nope/retry', { reason: 'why' })).status).toBe(404);
  });

  it('re-drives a verification that failed during an outage: same id, a new round, completed', async () => {
    await call(urls.federalHub, 'PUT', '/admin/faults', { body: { ssa: { outage: true } } });
    let id: string;
    try {
      id = await submit(testSsn(3), 'Silva', 'outage-case');
      const failed = await waitFinished(id, 40_000);
      expect(failed.body).toMatchObject({ status: 'failed', attempts: 5, error: { code: 'HX009000' } });
    } finally {
      await call(urls.federalHub, 'POST', '/admin/reset');
    }

    const retried = await ops('POST', `/verifications/${id}/retry`, { reason: 'SSA outage over (INC-42)' });
    expect(retried.status).toBe(202);
    expect(retried.body).toMatchObject({ id, exchangeId, status: 'queued', error: null, attempts: 5 });
    const done = await waitFinished(id, 20_000);
    expect(done.body).toMatchObject({ id, status: 'completed', outcome: 'verified' });
    expect(done.body.attempts).toBeGreaterThan(5);

    const again = await ops('POST', `/verifications/${id}/retry`, { reason: 'twice' });
    expect(again.status).toBe(409);
    expect(again.body.detail).toContain('completed');
    expect((await ops('POST', `/verifications/${id}/cancel`, { reason: 'too late' })).status).toBe(409);

    const detail = await ops('GET', `/verifications/${id}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ id, exchangeId, status: 'completed', reference: 'outage-case', subject: { ssnLast4: expect.any(String) } });
    const { timeline } = detail.body;
    const calls = timeline.filter((e: { type: string }) => e.type === 'federal.attempt');
    expect(calls).toHaveLength(done.body.attempts);
    expect(calls[0]).toMatchObject({ kind: 'call', attemptNo: 1, httpStatus: 503, responseCode: 'HX009000', result: 'retryable', messageId: expect.any(String) });
    expect(calls[calls.length - 1]).toMatchObject({ httpStatus: 200, result: 'success' });
    const events = timeline.filter((e: { type: string }) => e.type === 'audit.event');
    expect(events.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['verification.received', 'verification.failed', 'operator.action', 'verification.completed']));
    expect(events.every((e: Record<string, unknown>) => !('message' in e) && typeof e.actor === 'string')).toBe(true);
    const times = timeline.map((e: { at: string }) => e.at);
    expect([...times].sort()).toEqual(times);
  });

  it('re-drives failed transfers in bulk by filter, each audited', async () => {
    const ids = [await submit(testSsn(4), 'Rejected'), await submit(testSsn(5), 'Rejected')];
    await Promise.all(ids.map((id) => waitFinished(id, 10_000)));
    const bulk = await ops('POST', '/failed-transfers/retry', { filter: { exchangeId, errorCode: 'HE007000' }, reason: 'bulk re-drive' });
    expect(bulk.status).toBe(202);
    expect(bulk.body.count).toBeGreaterThanOrEqual(2);
    // Rejected fails again at once: each came back through a new round, as its timeline shows.
    for (const id of ids) {
      const { body } = await pollUntil(() => ops('GET', `/verifications/${id}`), (r) => r.body.status === 'failed' && r.body.attempts === 2, 10_000, 200);
      expect(body.timeline.filter((e: { kind: string }) => e.kind === 'operator.action')).toHaveLength(1);
    }
  });

  it('cancels a failed verification, and then refuses to retry it', async () => {
    const id = await submit(testSsn(6), 'Rejected');
    await waitFinished(id, 10_000);
    const cancelled = await ops('POST', `/verifications/${id}/cancel`, { reason: 'applicant withdrew' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ id, status: 'cancelled' });
    const retry = await ops('POST', `/verifications/${id}/retry`, { reason: 'oops' });
    expect(retry.status).toBe(409);
    expect(retry.body.errors).toEqual([{ field: 'status', message: 'is cancelled' }]);
  });

  it('finds verifications by SSN through the blind index, never echoing it, and audits the search', async () => {
    const ssn = testSsn(7);
    const id = await submit(ssn);
    await waitFinished(id, 10_000);
    const found = await ops('POST', '/verifications/search', { ssn, exchangeId });
    expect(found.status).toBe(200);
    expect(found.body).toEqual({ data: [expect.objectContaining({ id, exchangeId, subject: { ssnLast4: ssn.slice(-4) } })], nextCursor: null });
    expect(found.text).not.toContain(ssn);
    expect(found.text).not.toContain(ssn.replace(/-/g, ''));
    // The same SSN undashed is the same person.
    expect((await ops('POST', '/verifications/search', { ssn: ssn.replace(/-/g, '') })).body.data.map((v: { id: string }) => v.id)).toEqual([id]);
    expect((await ops('POST', '/verifications/search', { exchangeId, status: 'completed', limit: 500 })).body.data.map((v: { id: string }) => v.id)).toContain(id);

    // Each search is an operator.action audit event whose message keeps only the SSN's last 4.
    const db = new Client({ connectionString: E2E_ENV.DATABASE_OWNER_URL });
    await db.connect();
    try {
      const { rows } = await db.query("SELECT message_enc FROM audit_events WHERE kind = 'operator.action' AND exchange_id = $1", [exchangeId]);
      const cipher = testPiiCipher();
      const searches = rows
        .map((r: { message_enc: string }) => JSON.parse(testAuditJournal(cipher).readMessage(r.message_enc)))
        .filter((m: { action: string }) => m.action === 'search');
      expect(searches.length).toBeGreaterThanOrEqual(2);
      expect(searches).toContainEqual({ action: 'search', filter: { exchangeId, ssnLast4: ssn.slice(-4), limit: 50 } });
      expect(JSON.stringify(searches)).not.toContain(ssn.replace(/-/g, ''));
    } finally {
      await db.end();
    }
  });

  it('is for operators and administrators only', async () => {
    const auditor = await newKey('auditor');
    for (const token of [submitter, auditor]) {
      expect((await ops('GET', '/failed-transfers', undefined, token)).status).toBe(403);
      expect((await ops('POST', '/verifications/search', {}, token)).status).toBe(403);
      expect((await ops('POST', '/verifications/ver_x/retry', { reason: 'x' }, token)).status).toBe(403);
    }
    expect((await ops('GET', '/failed-transfers')).status).toBe(200);
    expect((await call(urls.console, 'GET', '/v1/ops/failed-transfers', {})).status).toBe(401);
    expect((await ops('GET', '/failed-transfers', undefined, await newKey('admin'))).status).toBe(200);
  });

  it('gives an overview: counts by status, and per federal source its queue, failure rate and circuit', async () => {
    const overview = await call(urls.console, 'GET', '/v1/ops/overview', { token: await newKey('operator') });
    expect(overview.status).toBe(200);
    expect(Object.keys(overview.body.byStatus).sort()).toEqual(['awaiting_federal', 'cancelled', 'completed', 'failed', 'in_progress', 'queued']);
    expect(overview.body.byStatus.completed).toBeGreaterThan(0);
    expect(overview.body.sources.map((s: { source: string }) => s.source)).toEqual(['ssa', 'dhs', 'irs', 'equifax', 'opm', 'cms-mec', 'experian']);
    const ssa = overview.body.sources[0];
    expect(ssa).toMatchObject({ queueDepth: expect.any(Number), inFlight: expect.any(Number), circuit: expect.stringMatching(/^(closed|open|half_open)$/) });
    expect(ssa.lastHour.calls).toBeGreaterThan(0);
    expect(ssa.lastHour.failureRate).toBeGreaterThanOrEqual(0);
    expect((await call(urls.console, 'GET', '/v1/ops/overview', { token: await newKey('auditor') })).status).toBe(403);
  });
});

