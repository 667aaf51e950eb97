import { createHmac } from 'node:crypto';
import { connect } from 'node:net';
import { Client } from 'pg';
import { call, E2E_ENV, LocalHttpServer, pollUntil, ReceivedRequest, sendJson, ssaRequest, testSsn, urls } from '@dxhub/testing';
import { ADMIN, newExchange, newKey } from './e2e-fixtures';

// Batches (CONTRACT: POST /v1/batches) across the real processes: NDJSON in, all or nothing, idempotent,
// worked in the broker's batch lane, results in input order, and one batch.completed webhook at the end.

const NDJSON = 'application/x-ndjson';
const PROBLEM = 'application/problem+json';

const toNdjson = (lines: unknown[]) => `${lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n')}\n`;
const postBatch = (token: string, body: string, headers: Record<string, string> = {}) =>
  call(urls.gateway, 'POST', '/v1/batches', { token, rawBody: body, headers: { 'content-type': NDJSON, ...headers } });

/** Reads an NDJSON answer into its lines. */
const ndjsonLines = (text: string) => text.split('\n').filter(Boolean).map((line) => JSON.parse(line));

function signatureValid(request: ReceivedRequest, secret: string): boolean {
  const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(request.headers['dxhub-signature'] ?? '')) ?? [];
  return v1 !== undefined && createHmac('sha256', secret).update(`${t}.${request.body}`).digest('hex') === v1;
}

describe('batches', () => {
  const received: ReceivedRequest[] = [];
  const receiver = new LocalHttpServer((request, res) => {
    received.push(request);
    sendJson(res, 200, { ok: true });
  });
  let a: { exchangeId: string; key: string };
  let b: { exchangeId: string; key: string };
  let secret: string;
  let db: Client;

  /** 50 lines: SSNs ending 0-9 in turn (9 is "not verified"), line 25 a permanent federal rejection. */
  const lines = Array.from({ length: 50 }, (_, i) => ssaRequest(testSsn(i % 10), i === 24 ? 'Rejected' : 'Silva', { reference: `line-${i + 1}` }));
  const batchCompletions = (batchId: string) => received.filter((r) => JSON.parse(r.body).type === 'batch.completed' && JSON.parse(r.body).data.id === batchId);
  // What a batch would store: its row, its verifications and their received events (the broker keeps writing
  // other events, such as earlier tests' webhook attempts, meanwhile).
  const stored = async () => {
    const { rows } = await db.query(
      `SELECT (SELECT count(*) FROM batches)::int AS batches, (SELECT count(*) FROM verifications)::int AS verifications,
              (SELECT count(*) FROM audit_events WHERE kind = 'verification.received')::int AS events`,
    );
    return rows[0];
  };

  beforeAll(async () => {
    await receiver.start();
    a = await newExchange('batch-a');
    b = await newExchange('batch-b');
    const set = await call(urls.console, 'PUT', `/v1/admin/exchanges/${a.exchangeId}/webhook`, { token: ADMIN, body: { url: `${receiver.baseUrl}/hook` } });
    expect(set.status).toBe(200);
    secret = set.body.secret;
    db = new Client({ connectionString: E2E_ENV.DATABASE_URL });
    await db.connect();
  });

  afterAll(async () => {
    await receiver.stop();
    await db?.end();
  });

  describe('a 50-line batch', () => {
    let batchId: string;
    const key = `batch-${Date.now()}`;

    it('is accepted (202 with Location), and the same key with the same lines is the same batch', async () => {
      const accepted = await postBatch(a.key, toNdjson(lines), { 'idempotency-key': key });
      expect(accepted.status).toBe(202);
      expect(accepted.body).toEqual({ id: expect.stringMatching(/^bat_/), status: 'in_progress', total: 50 });
      expect(accepted.headers.get('location')).toBe(`/v1/batches/${accepted.body.id}`);
      batchId = accepted.body.id;

      // The same lines written differently (key order, CRLF, blank lines at the end) mean the same batch.
      const rewritten = lines.map((l) => JSON.stringify({ reference: l.reference, options: l.options, subject: l.subject, service: l.service })).join('\r\n');
      const again = await postBatch(a.key, `${rewritten}\r\n\r\n`, { 'idempotency-key': key });
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ id: batchId, total: 50 });

      const different = await postBatch(a.key, toNdjson(lines.slice(1)), { 'idempotency-key': key });
      expect(different.status).toBe(409);
      expect(different.headers.get('content-type')).toContain(PROBLEM);
      expect(different.body.errors).toEqual([{ field: 'Idempotency-Key', message: 'was used with a different body' }]);
      expect((await db.query('SELECT count(*)::int AS n FROM verifications WHERE batch_id = $1', [batchId])).rows[0].n).toBe(50);
    });

    it('completes: every line ends, counted by status', async () => {
      const done = await pollUntil(() => call(urls.gateway, 'GET', `/v1/batches/${batchId}`, { token: a.key }), (r) => r.body.status === 'completed', 45_000, 250);
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({ id: batchId, status: 'completed', total: 50, counts: { completed: 49, failed: 1 } });
      expect(new Date(done.body.completedAt).getTime()).toBeGreaterThanOrEqual(new Date(done.body.createdAt).getTime());
    });

    it('streams the results as NDJSON, in input order, each exactly what GET /v1/verifications/{id} returns', async () => {
      const results = await call(urls.gateway, 'GET', `/v1/batches/${batchId}/results`, { token: a.key });
      expect(results.status).toBe(200);
      expect(results.headers.get('content-type')).toContain(NDJSON);
      const resources = ndjsonLines(results.text);
      expect(resources.map((r) => r.reference)).toEqual(lines.map((l) => l.reference));
      expect(resources[8]).toMatchObject({ status: 'completed', outcome: 'not_verified' }); // SSN ending 9
      expect(resources[24]).toMatchObject({ status: 'failed', error: { code: 'HE007000' } });
      for (const index of [0, 24, 49]) {
        const single = await call(urls.gateway, 'GET', `/v1/verifications/${resources[index].id}`, { token: a.key });
        expect(resources[index]).toEqual(single.body);
      }
      expect(results.text).not.toMatch(/\d{3}-\d{2}-\d{4}/); // never an SSN
    });

    it('POSTs batch.completed to the exchange once, signed, with the batch as data', async () => {
      const [delivery] = await pollUntil(async () => batchCompletions(batchId), (list) => list.length > 0, 10_000);
      expect(signatureValid(delivery, secret)).toBe(true);
      const body = JSON.parse(delivery.body);
      const polled = await call(urls.gateway, 'GET', `/v1/batches/${batchId}`, { token: a.key });
      expect(body).toEqual({ id: expect.stringMatching(/^dlv_/), type: 'batch.completed', createdAt: expect.any(String), data: polled.body });
      await new Promise((resolve) => setTimeout(resolve, 2500)); // a few more sweeps
      expect(batchCompletions(batchId)).toHaveLength(1);
    });

    it("is another exchange's 404, and staff keys' 403", async () => {
      for (const path of [`/v1/batches/${batchId}`, `/v1/batches/${batchId}/results`]) {
        const stranger = await call(urls.gateway, 'GET', path, { token: b.key });
        expect(stranger.status).toBe(404);
        expect(stranger.text).not.toContain(a.exchangeId);
      }
      const operator = await newKey('operator');
      expect((await call(urls.gateway, 'GET', `/v1/batches/${batchId}`, { token: operator })).status).toBe(403);
      expect((await postBatch(operator, toNdjson(lines.slice(0, 1)))).status).toBe(403);
      expect((await postBatch(ADMIN, toNdjson(lines.slice(0, 1)))).status).toBe(403);
      // Another exchange's Idempotency-Key space is its own.
      const own = await postBatch(b.key, toNdjson(lines.slice(0, 2)), { 'idempotency-key': key });
      expect(own.status).toBe(202);
      expect(own.body.id).not.toBe(batchId);
    });
  });

  describe('a bad batch', () => {
    it('is refused whole with 400 naming every bad line, and nothing is stored', async () => {
      const before = await stored();
      const body = [
        lines[0],
        ssaRequest('666-12-3456'), // line 2: SSA rules
        '',
        '{"service":"ssa-composite",', // line 4: not JSON
        lines[1],
        { service: 'fars', previousVerificationId: 'ver_01ARZ3NDEKTSV4RRFFQ69G5FAV' }, // line 6: multi-step
        '[]', // line 7
      ];
      const refused = await postBatch(a.key, toNdjson(body), { 'idempotency-key': `bad-${Date.now()}` });
      expect(refused.status).toBe(400);
      expect(refused.headers.get('content-type')).toContain(PROBLEM);
      expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual(['line 2: subject.ssn', 'line 4', 'line 6: service', 'line 7']);
      expect(refused.body.detail).toContain('4 of 6 lines are invalid');
      expect(await stored()).toEqual(before);
    });

    it('is refused when empty, of another content type (415), or declared over 100 MB (413)', async () => {
      const before = await stored();
      const empty = await postBatch(a.key, '\n\n');
      expect(empty.status).toBe(400);
      expect(empty.body.errors).toEqual([{ field: 'body', message: expect.stringContaining('at least one line') }]);
      const json = await call(urls.gateway, 'POST', '/v1/batches', { token: a.key, body: lines[0] });
      expect(json.status).toBe(415);
      expect(json.body.errors).toEqual([{ field: 'content-type', message: `must be ${NDJSON}` }]);
      // And a batch is not a verification: NDJSON to POST /v1/verifications is 415 too.
      expect((await call(urls.gateway, 'POST', '/v1/verifications', { token: a.key, rawBody: toNdjson([lines[0]]), headers: { 'content-type': NDJSON } })).status).toBe(415);

      const tooLarge = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(E2E_ENV.GATEWAY_PORT), '127.0.0.1', () => {
          socket.write(`POST /v1/batches HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${a.key}\r\nContent-Type: ${NDJSON}\r\nContent-Length: ${100 * 1024 * 1024 + 1}\r\n\r\n`);
        });
        let answer = '';
        socket.on('data', (chunk) => {
          answer += chunk.toString();
          if (answer.includes('\r\n\r\n')) socket.destroy();
        });
        socket.on('close', () => resolve(answer));
        socket.on('error', reject);
      });
      expect(tooLarge).toMatch(/^HTTP\/1.1 413 /);
      expect(await stored()).toEqual(before);
    });
  });
});
