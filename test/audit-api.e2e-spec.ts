import { call, pollUntil, ssaRequest, testSsn, urls } from '@dxhub/testing';
import { newExchange, newKey } from './e2e-fixtures';

// The auditor's query of the journal (CONTRACT: Audit): events in sequence order, filters, NDJSON, and
// every read of the journal audited.
describe('audit events API', () => {
  let auditor: string;
  let exchangeId: string;
  let verificationId: string;
  const ssn = testSsn(1);

  beforeAll(async () => {
    auditor = await newKey('auditor');
    const exchange = await newExchange('audit');
    exchangeId = exchange.exchangeId;
    const submitted = await call(urls.gateway, 'POST', '/v1/verifications', { token: exchange.key, body: ssaRequest(ssn) });
    verificationId = submitted.body.id;
    await pollUntil(() => call(urls.gateway, 'GET', `/v1/verifications/${verificationId}`, { token: exchange.key }), (r) => r.body.status === 'completed');
  });

  const events = (query: string, headers: Record<string, string> = {}) => call(urls.console, 'GET', `/v1/audit/events?${query}`, { token: auditor, headers });

  it("lists a verification's boundary crossings in order, with digests and never the message", async () => {
    const response = await events(`verificationId=${verificationId}`);
    expect(response.status).toBe(200);
    // Reads of the journal about this verification are events about it too; the crossings are the rest.
    // federal.response and verification.completed are written by one statement, in either order.
    const crossings = response.body.data.map((e: { kind: string }) => e.kind).filter((kind: string) => kind !== 'audit.read');
    expect(crossings.slice(0, 2)).toEqual(['verification.received', 'federal.request']);
    expect(crossings.slice(2).sort()).toEqual(['federal.response', 'verification.completed']);
    const seqs = response.body.data.map((e: { seq: string }) => BigInt(e.seq));
    expect([...seqs].sort((a, b) => (a < b ? -1 : 1))).toEqual(seqs);
    for (const event of response.body.data.filter((e: { kind: string }) => e.kind !== 'audit.read')) {
      expect(event).toMatchObject({ exchangeId, verificationId, digest: expect.stringMatching(/^[0-9a-f]{64}$/), at: expect.any(String) });
      expect(Object.keys(event)).not.toContain('message');
    }
    expect(response.text).not.toContain(ssn);
    expect(response.text).not.toContain(ssn.replace(/-/g, ''));
  });

  it('pages with afterSeq / nextCursor and filters by kind, exchange and time', async () => {
    const first = await events(`exchangeId=${exchangeId}&limit=2`);
    expect(first.body.data).toHaveLength(2);
    const second = await events(`exchangeId=${exchangeId}&limit=2&afterSeq=${first.body.nextCursor}`);
    expect(BigInt(second.body.data[0].seq)).toBeGreaterThan(BigInt(first.body.data[1].seq));
    const received = await events(`kind=verification.received&exchangeId=${exchangeId}`);
    expect(received.body.data.map((e: { verificationId: string }) => e.verificationId)).toEqual([verificationId]);
    const future = await events(`from=${new Date(Date.now() + 60_000).toISOString()}`);
    expect(future.body).toEqual({ data: [], nextCursor: null });
  });

  it('streams NDJSON for Accept: application/x-ndjson', async () => {
    const response = await events(`verificationId=${verificationId}`, { accept: 'application/x-ndjson' });
    expect(response.headers.get('content-type')).toContain('application/x-ndjson');
    const lines = response.text.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((e) => e.kind).filter((kind) => kind !== 'audit.read').sort()).toEqual(
      ['federal.request', 'federal.response', 'verification.completed', 'verification.received'],
    );
    expect(lines.map((e) => e.kind)).toContain('audit.read');
  });

  it('audits every read of the journal, naming the auditor', async () => {
    await events(`verificationId=${verificationId}`);
    const reads = await events(`kind=audit.read&verificationId=${verificationId}`);
    expect(reads.body.data.length).toBeGreaterThan(0);
    expect(reads.body.data.every((e: { actor: string }) => e.actor.startsWith('auditor:'))).toBe(true);
  });

  it('refuses malformed parameters and other roles', async () => {
    for (const [query, field] of [['kind=nope', 'kind'], ['afterSeq=-1', 'afterSeq'], ['from=yesterday', 'from'], ['limit=0', 'limit'], ['color=red', 'color']]) {
      const response = await events(query);
      expect(response.status).toBe(400);
      expect(response.body.errors[0].field).toBe(field);
    }
    expect((await call(urls.console, 'GET', '/v1/audit/events', { token: await newKey('operator') })).status).toBe(403);
  });
});
