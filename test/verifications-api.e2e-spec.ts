import { connect, Socket } from 'node:net';
import { call, E2E_ENV, pollUntil, ssaRequest, testSsn, urls } from '@dxhub/testing';
import { ADMIN, newExchange, newKey } from './e2e-fixtures';

const PROBLEM = 'application/problem+json';

describe('verifications API (contract conventions)', () => {
  let ma: { exchangeId: string; key: string };
  let ny: { exchangeId: string; key: string };
  beforeAll(async () => {
    ma = await newExchange('ma');
    ny = await newExchange('ny');
  });

  const submit = (key: string, body: unknown, headers: Record<string, string> = {}) =>
    call(urls.gateway, 'POST', '/v1/verifications', { token: key, body, headers });
  const listAll = (key: string) => call(urls.gateway, 'GET', '/v1/verifications?limit=500', { token: key });

  describe('Idempotency-Key', () => {
    it('answers the same verification (200) for the same key and body, and never sends twice', async () => {
      const body = ssaRequest(testSsn(2), 'Silva', { reference: 'idem-1' });
      const first = await submit(ma.key, body, { 'idempotency-key': 'idem-key-1' });
      expect(first.status).toBe(202);
      // Same meaning, different key order: still the same request.
      const reordered = { reference: body.reference, options: body.options, subject: body.subject, service: body.service };
      const second = await submit(ma.key, reordered, { 'idempotency-key': 'idem-key-1' });
      expect(second.status).toBe(200);
      expect(second.body.id).toBe(first.body.id);
      expect(second.headers.get('location')).toBe(`/v1/verifications/${first.body.id}`);
      const done = await pollUntil(() => call(urls.gateway, 'GET', `/v1/verifications/${first.body.id}`, { token: ma.key }), (r) => r.body.status === 'completed');
      expect(done.body.attempts).toBe(1);
      const sameReference = await call(urls.gateway, 'GET', '/v1/verifications?reference=idem-1', { token: ma.key });
      expect(sameReference.body.data).toHaveLength(1);
    });

    it('answers 409 for the same key with another body', async () => {
      await submit(ma.key, ssaRequest(testSsn(2)), { 'idempotency-key': 'idem-key-2' });
      const conflict = await submit(ma.key, ssaRequest(testSsn(3)), { 'idempotency-key': 'idem-key-2' });
      expect(conflict.status).toBe(409);
      expect(conflict.headers.get('content-type')).toContain(PROBLEM);
      expect(conflict.body.errors).toEqual([{ field: 'Idempotency-Key', message: expect.any(String) }]);
    });

    it('scopes keys per exchange: another exchange may use the same key', async () => {
      const a = await submit(ma.key, ssaRequest(testSsn(2)), { 'idempotency-key': 'shared-key' });
      const b = await submit(ny.key, ssaRequest(testSsn(4)), { 'idempotency-key': 'shared-key' });
      expect([a.status, b.status]).toEqual([202, 202]);
      expect(a.body.id).not.toBe(b.body.id);
    });

    it('rejects a malformed key', async () => {
      const bad = await submit(ma.key, ssaRequest(testSsn(2)), { 'idempotency-key': 'x'.repeat(256) });
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].field).toBe('Idempotency-Key');
    });
  });

  describe('roles and tenancy', () => {
    it('401 without a key or with an unknown one, as problem+json', async () => {
      for (const token of [undefined, 'dxh_not-a-real-key']) {
        const response = await call(urls.gateway, 'GET', '/v1/verifications', { token });
        expect(response.status).toBe(401);
        expect(response.headers.get('content-type')).toContain(PROBLEM);
        expect(response.body).toMatchObject({ type: expect.any(String), title: expect.any(String), status: 401, detail: expect.any(String), errors: [] });
      }
    });

    it('403 for staff keys on verifications and for submitters on admin routes', async () => {
      const operator = await newKey('operator');
      expect((await submit(operator, ssaRequest(testSsn(1)))).status).toBe(403);
      expect((await call(urls.gateway, 'GET', '/v1/verifications', { token: ADMIN })).status).toBe(403);
      const asSubmitter = await call(urls.console, 'POST', '/v1/admin/exchanges', { token: ma.key, body: { id: 'zz-nope', name: 'x' } });
      expect(asSubmitter.status).toBe(403);
    });

    it('lets any valid key read the catalogue, with each service\'s JSON Schema', async () => {
      const operator = await newKey('auditor');
      const catalogue = await call(urls.gateway, 'GET', '/v1/services', { token: operator });
      expect(catalogue.status).toBe(200);
      expect(catalogue.body).toContainEqual(
        expect.objectContaining({ service: 'ssa-composite', category: 'identity', source: 'ssa', mode: 'sync', requestSchema: expect.objectContaining({ type: 'object' }) }),
      );
    });

    it("hides another exchange's verification (404) and keeps lists apart", async () => {
      const mine = await submit(ma.key, ssaRequest(testSsn(1)));
      const theirs = await call(urls.gateway, 'GET', `/v1/verifications/${mine.body.id}`, { token: ny.key });
      expect(theirs.status).toBe(404);
      expect(theirs.body.status).toBe(404);
      const theirList = await listAll(ny.key);
      expect(theirList.body.data.map((v: { id: string }) => v.id)).not.toContain(mine.body.id);
    });

    it('stops a revoked key at once', async () => {
      const credential = await call(urls.console, 'POST', '/v1/admin/credentials', { token: ADMIN, body: { role: 'submitter', exchangeId: ma.exchangeId } });
      expect((await listAll(credential.body.key)).status).toBe(200);
      expect((await call(urls.console, 'DELETE', `/v1/admin/credentials/${credential.body.id}`, { token: ADMIN })).status).toBe(204);
      expect((await listAll(credential.body.key)).status).toBe(401);
    });
  });

  describe('bad input: 4xx problem+json naming the field, nothing stored', () => {
    const valid = () => ssaRequest(testSsn(1));
    const cases: Array<[string, () => { body?: unknown; rawBody?: string; headers?: Record<string, string> }, number, string]> = [
      ['malformed JSON', () => ({ rawBody: '{"service":', headers: { 'content-type': 'application/json' } }), 400, 'body'],
      ['a wrong content type', () => ({ rawBody: 'service=ssa', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415, 'content-type'],
      ['a body over 1 MB', () => ({ body: { ...valid(), reference: 'x'.repeat(1_100_000) } }), 413, 'body'],
      ['an unknown field', () => ({ body: { ...valid(), extra: true } }), 400, 'extra'],
      ['an unknown subject field', () => ({ body: { ...valid(), subject: { ...valid().subject, eyeColour: 'blue' } } }), 400, 'subject.eyeColour'],
      ['a missing SSN', () => ({ body: { ...valid(), subject: { lastName: 'Silva', dateOfBirth: '1980-01-01' } } }), 400, 'subject.ssn'],
      ['a wrong type', () => ({ body: { ...valid(), options: { citizenship: 'yes' } } }), 400, 'options.citizenship'],
      ['SSN area 000', () => ({ body: { ...valid(), subject: { ...valid().subject, ssn: '000-12-3456' } } }), 400, 'subject.ssn'],
      ['SSN area 666', () => ({ body: { ...valid(), subject: { ...valid().subject, ssn: '666-12-3456' } } }), 400, 'subject.ssn'],
      ['SSN area 9xx', () => ({ body: { ...valid(), subject: { ...valid().subject, ssn: '912-12-3456' } } }), 400, 'subject.ssn'],
      ['SSN group 00', () => ({ body: { ...valid(), subject: { ...valid().subject, ssn: '123-00-3456' } } }), 400, 'subject.ssn'],
      ['SSN serial 0000', () => ({ body: { ...valid(), subject: { ...valid().subject, ssn: '123450000' } } }), 400, 'subject.ssn'],
      ['an impossible birth date', () => ({ body: { ...valid(), subject: { ...valid().subject, dateOfBirth: '1981-02-29' } } }), 400, 'subject.dateOfBirth'],
      ['a future birth date', () => ({ body: { ...valid(), subject: { ...valid().subject, dateOfBirth: '2999-01-01' } } }), 400, 'subject.dateOfBirth'],
      ['a control character in a name', () => ({ body: { ...valid(), subject: { ...valid().subject, lastName: 'Sil\u0000va' } } }), 400, 'subject.lastName'],
      ['a __proto__ key', () => ({ rawBody: '{"service":"ssa-composite","__proto__":{"x":1}}', headers: { 'content-type': 'application/json' } }), 400, 'body'],
      ['an unknown service', () => ({ body: { ...valid(), service: 'tarot-reading' } }), 400, 'service'],
      ['a JSON array', () => ({ body: [valid()] }), 400, 'body'],
    ];

    it.each(cases)('%s', async (_, build, status, field) => {
      const before = (await listAll(ma.key)).body.data.length;
      const response = await call(urls.gateway, 'POST', '/v1/verifications', { token: ma.key, ...build() });
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toContain(PROBLEM);
      expect(response.body).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect((await listAll(ma.key)).body.data.length).toBe(before);
    });
  });

  describe('a body refused on its declared length (413 before it has all arrived)', () => {
    /** The HTTP responses arriving on a raw socket, one at a time ("(closed)" once the server has closed it). */
    function responsesOn(socket: Socket) {
      let received = '';
      const waiting: Array<(response: string) => void> = [];
      const deliver = () => {
        while (waiting.length) {
          const headEnd = received.indexOf('\r\n\r\n');
          if (headEnd < 0) return;
          const end = headEnd + 4 + Number(/content-length: *(\d+)/i.exec(received.slice(0, headEnd))?.[1] ?? 0);
          if (received.length < end) return;
          waiting.shift()!(received.slice(0, end));
          received = received.slice(end);
        }
      };
      socket.on('data', (chunk: Buffer) => {
        received += chunk.toString('latin1');
        deliver();
      });
      socket.on('close', () => waiting.splice(0).forEach((resolve) => resolve('(closed)')));
      socket.on('error', () => undefined); // a write to a closed socket: the next response reads "(closed)"
      return () => new Promise<string>((resolve) => (waiting.push(resolve), deliver()));
    }

    const startUpload = async (declaredBytes: number, firstBytes: number) => {
      const socket = connect(Number(E2E_ENV.GATEWAY_PORT), '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      const nextResponse = responsesOn(socket);
      socket.write(
        `POST /v1/verifications HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ma.key}\r\nContent-Type: application/json\r\n` +
          `Content-Length: ${declaredBytes}\r\n\r\n${'x'.repeat(firstBytes)}`,
      );
      return { socket, nextResponse };
    };

    it('answers while the client is still sending, drops the rest and keeps the connection', async () => {
      const declared = 1_100_000;
      const { socket, nextResponse } = await startUpload(declared, 64 * 1024);
      const refused = await nextResponse();
      expect(refused).toMatch(/^HTTP\/1.1 413 /);
      expect(refused).not.toMatch(/^connection: close/im);
      // The client finishes its upload, as a client that reads its answer only afterwards would, then asks again.
      socket.write('x'.repeat(declared - 64 * 1024));
      socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
      expect(await nextResponse()).toMatch(/^HTTP\/1.1 200 /);
      socket.destroy();
    });

    it('closes the connection instead when the declared body is over 16 MiB', async () => {
      const { socket, nextResponse } = await startUpload(17 * 1024 * 1024, 1024);
      const refused = await nextResponse();
      expect(refused).toMatch(/^HTTP\/1.1 413 /);
      expect(refused).toMatch(/^connection: close/im);
      expect(await nextResponse()).toBe('(closed)');
      socket.destroy();
    });
  });

  describe('X-Request-Id', () => {
    it('echoes a sane caller value and replaces an unsafe one', async () => {
      const echoed = await call(urls.gateway, 'GET', '/v1/services', { token: ma.key, headers: { 'x-request-id': 'trace-123.abc' } });
      expect(echoed.headers.get('x-request-id')).toBe('trace-123.abc');
      const replaced = await call(urls.gateway, 'GET', '/v1/services', { token: ma.key, headers: { 'x-request-id': 'bad id <script>' } });
      expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      const onError = await call(urls.gateway, 'GET', '/v1/verifications/nope', { token: ma.key, headers: { 'x-request-id': 'err-1' } });
      expect(onError.headers.get('x-request-id')).toBe('err-1');
      expect(onError.body.requestId).toBe('err-1');
    });
  });

  describe('list', () => {
    it('pages newest first with a cursor, without repeats, and filters', async () => {
      const exchange = await newExchange('list');
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await submit(exchange.key, ssaRequest(testSsn(i), 'Silva', { reference: `r-${i % 2}` }))).body.id);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: any = await call(urls.gateway, 'GET', `/v1/verifications?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: exchange.key });
        expect(page.status).toBe(200);
        expect(page.body.data.length).toBeLessThanOrEqual(2);
        seen.push(...page.body.data.map((v: { id: string }) => v.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual([...ids].reverse());

      const filtered = await call(urls.gateway, 'GET', '/v1/verifications?reference=r-1&service=ssa-composite', { token: exchange.key });
      expect(filtered.body.data.map((v: { id: string }) => v.id)).toEqual([ids[3], ids[1]]);
      const future = await call(urls.gateway, 'GET', `/v1/verifications?createdAfter=${new Date(Date.now() + 60_000).toISOString()}`, { token: exchange.key });
      expect(future.body).toEqual({ data: [], nextCursor: null });
    });

    it.each([
      ['limit=0', 'limit'],
      ['limit=501', 'limit'],
      ['limit=abc', 'limit'],
      ['cursor=not-a-cursor', 'cursor'],
      ['createdAfter=yesterday', 'createdAfter'],
      ['status=lost', 'status'],
      ['colour=red', 'colour'],
    ])('rejects %s', async (query, field) => {
      const response = await call(urls.gateway, 'GET', `/v1/verifications?${query}`, { token: ma.key });
      expect(response.status).toBe(400);
      expect(response.body.errors[0].field).toBe(field);
    });
  });
});
