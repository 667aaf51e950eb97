import { Agent, request as httpRequest } from 'node:http';
import Redis from 'ioredis';
import { Client } from 'pg';
import { call, E2E_ENV, pollUntil, ssaRequest, testSsn, urls } from '@dxhub/testing';
import { ADMIN, newExchange, newKey } from './e2e-fixtures';
import { CORPUS, HostileItem } from './hostile/corpus';
import { Caller, Fixtures, LIST_ROUTES, pathId, WriteEndpoint, writeEndpoints } from './hostile/endpoints';

// Issue 5, hostile input: every corpus item against every endpoint it applies to gets a 4xx problem+json,
// never a 5xx or a 2xx, and nothing is stored or enqueued across the whole run.

const CONCURRENCY = 8;
const RAW_MARK = '"__HOSTILE_RAW_LITERAL__"';
/** Rows the run must not add or change (scheduled reconciliations are the broker's, not ours). */
const TABLES: Record<string, string> = {
  verifications: 'SELECT * FROM verifications',
  outbox: 'SELECT * FROM outbox',
  exchanges: 'SELECT * FROM exchanges',
  credentials: 'SELECT * FROM credentials',
  reconciliation_runs: "SELECT * FROM reconciliation_runs WHERE trigger <> 'schedule'",
  deliveries: 'SELECT * FROM deliveries',
};

interface Attempt {
  item: HostileItem;
  target: string;
  /** The endpoint's own expectation for this item, where it differs from the item's. */
  expect?: number[];
  /** What the endpoint may also answer to a refused body (e.g. 401 for a sign-in key that is well-formed but unknown). */
  alsoAllowed?: number[];
  send: () => Promise<{ status: number; contentType: string; text: string }>;
}

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

/** node:http rather than fetch: duplicate headers, any content type, exact bytes. */
function send(base: string, method: string, path: string, headers: Record<string, string | string[]>, body?: string | Buffer, ownConnection = false) {
  return new Promise<{ status: number; contentType: string; text: string }>((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { method, headers, agent: ownConnection ? false : agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[keys[keys.length - 1]] = value;
}

/** Splices a raw JSON member into a serialized body: last at the root, first in the first nested object or array element. */
function spliceMember(json: string, member: string, at: 'root' | 'nested' | 'array'): string {
  const insertAfter = (index: number) => json.slice(0, index) + member + (json[index] === '}' ? '' : ',') + json.slice(index);
  if (at === 'array' && json.includes('[{')) return insertAfter(json.indexOf('[{') + 2);
  if (at === 'nested' && json.indexOf('{', 1) > 0) return insertAfter(json.indexOf('{', 1) + 1);
  if (at === 'array') return json.slice(0, -1) + (json.length > 2 ? ',' : '') + `"items":[{${member}}]}`;
  return json.slice(0, -1) + (json.length > 2 ? ',' : '') + member + '}';
}

function attemptsFor(item: HostileItem, endpoints: WriteEndpoint[], f: Fixtures, tokens: Record<Caller, string>): Attempt[] {
  const auth = (caller: Caller) => ({ authorization: `Bearer ${tokens[caller]}` });
  const toWrite = (e: WriteEndpoint, body: string | Buffer | undefined, headers: Record<string, string | string[]> = {}, contentType: string | undefined = 'application/json', id = pathId(e, f)): Attempt => ({
    item,
    target: e.name,
    expect: e.statusFor?.[item.name],
    alsoAllowed: e.alsoAllowed,
    send: () => {
      // An endpoint of another media type (NDJSON batches) gets the same bytes as that type: JSON's parameters kept.
      const type = e.contentType && contentType?.startsWith('application/json') ? e.contentType + contentType.slice('application/json'.length) : contentType;
      const h: Record<string, string | string[]> = { ...auth(e.caller), ...(type ? { 'content-type': type } : {}), ...headers };
      // The server closes the connection after a 431: such requests do not share the pool's sockets.
      return send(urls[e.process], e.method, e.path.replace('{id}', id), h, body, item.expect?.includes(431));
    },
  });
  const baseJson = (e: WriteEndpoint) => JSON.stringify(e.base ?? {});
  switch (item.kind) {
    case 'raw':
      return endpoints.map((e) => toWrite(e, item.body, item.headers, item.contentType));
    case 'body':
      return endpoints.map((e) => toWrite(e, JSON.stringify(item.body)));
    case 'member':
      return endpoints.map((e) => toWrite(e, spliceMember(baseJson(e), item.member, item.at)));
    case 'field':
      return endpoints.flatMap((e) =>
        Object.entries(e.fields)
          .filter(([, kind]) => item.kinds.includes(kind))
          .map(([field]) => {
            const body = structuredClone(e.base!);
            setPath(body, field, item.raw === undefined ? item.value : JSON.parse(RAW_MARK));
            const json = JSON.stringify(body).replace(RAW_MARK, item.raw ?? RAW_MARK);
            return { ...toWrite(e, json), target: `${e.name} .${field}` };
          }),
      );
    case 'header':
      return endpoints
        .filter((e) => item.targets === 'all' || e.process === 'gateway')
        .filter((e) => item.contentType === undefined || item.contentType !== e.contentType) // its own type is no attack on it
        .map((e) => toWrite(e, item.invalidBody ? '{"hostile":true}' : baseJson(e), item.headers, item.contentType ?? 'application/json'));
    case 'path':
      return endpoints.filter((e) => e.path.includes('{id}')).map((e) => toWrite(e, baseJson(e), {}, 'application/json', item.id));
    case 'query':
      return LIST_ROUTES.map((r) => ({
        item,
        target: `${r.process} GET ${r.path}`,
        send: () => send(urls[r.process], 'GET', `${r.path}?${item.query}`, auth(r.caller)),
      }));
  }
}

async function snapshot(db: Client, redis: Redis) {
  const tables: Record<string, string> = {};
  for (const [name, sql] of Object.entries(TABLES)) {
    const { rows } = await db.query(`SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS h FROM (${sql}) t`);
    tables[name] = `${rows[0].n} rows ${rows[0].h}`;
  }
  const keys = new Set<string>();
  for await (const batch of redis.scanStream({ match: `${E2E_ENV.REDIS_PREFIX}:*`, count: 1000 })) for (const key of batch as string[]) keys.add(key);
  return { tables, keys };
}

/** BullMQ keys of jobs: `prefix:queue:jobId`; the broker's scheduled maintenance jobs come and go by themselves. */
const isOurJobKey = (key: string) => !/:(maintenance|repeat)/.test(key) && !/:(wait|active|completed|failed|delayed|paused|meta|events|id|stalled|stalled-check|marker|prioritized|pc|limiter|metrics|de)(:|$)/.test(key);

describe('hostile input', () => {
  const fixtures: Fixtures = { exchangeId: '', foreignVerification: '', credentialId: '', operatorKey: '' };
  const tokens = {} as Record<Caller, string>;
  let db: Client;
  let redis: Redis;

  beforeAll(async () => {
    const a = await newExchange('hostile-a');
    const b = await newExchange('hostile-b');
    fixtures.exchangeId = b.exchangeId;
    tokens.submitter = b.key;
    tokens.operator = await newKey('operator');
    fixtures.operatorKey = tokens.operator;
    tokens.admin = ADMIN;
    const auditor = await newKey('auditor');
    tokens.auditor = auditor;
    const credentials = await call(urls.console, 'GET', '/v1/admin/credentials', { token: ADMIN });
    fixtures.credentialId = credentials.body.data.find((c: { keyPrefix: string }) => c.keyPrefix === auditor.slice(0, 10)).id;
    const submitted = await call(urls.gateway, 'POST', '/v1/verifications', { token: a.key, body: ssaRequest(testSsn(1)) });
    expect(submitted.status).toBe(202);
    fixtures.foreignVerification = submitted.body.id;
    const done = await pollUntil(() => call(urls.gateway, 'GET', `/v1/verifications/${submitted.body.id}`, { token: a.key }), (r) => r.body.status === 'completed', 20_000, 200);
    expect(done.body.status).toBe('completed');
    db = new Client({ connectionString: E2E_ENV.DATABASE_OWNER_URL });
    await db.connect();
    redis = new Redis(E2E_ENV.REDIS_URL);
  }, 60_000);

  afterAll(async () => {
    await db?.end();
    redis?.disconnect();
    agent.destroy();
  });

  it('has at least 150 items, in every group the issue names', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(150);
    expect(new Set(CORPUS.map((i) => i.group)).size).toBeGreaterThanOrEqual(14);
  });

  it('answers every item on every endpoint with a 4xx problem+json, and stores or enqueues nothing', async () => {
    const before = await snapshot(db, redis);
    const attempts = CORPUS.flatMap((item) => attemptsFor(item, writeEndpoints(fixtures), fixtures, tokens));
    const failures: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < attempts.length) {
          const attempt = attempts[next++];
          const seen = await attempt.send().catch((error: Error) => ({ status: 0, contentType: '', text: `transport error: ${error.message}` }));
          const problem = seen.contentType.startsWith('application/problem+json') && JSON.parse(seen.text || 'null')?.status === seen.status;
          const allowed = [...(attempt.expect ?? attempt.item.expect ?? (attempt.item.kind === 'path' ? [400, 404] : [400])), ...(attempt.alsoAllowed ?? [])];
          if (!allowed.includes(seen.status) || seen.status >= 500 || seen.status < 400 || !problem) {
            failures.push(`[${attempt.item.group}] ${attempt.item.name} -> ${attempt.target}: ${seen.status} ${seen.contentType} ${seen.text.slice(0, 160)}`);
          }
        }
      }),
    );
    const after = await snapshot(db, redis);
    console.log(`hostile corpus: ${CORPUS.length} items, ${attempts.length} requests, ${failures.length} failures`);
    expect(failures).toEqual([]);
    expect(after.tables).toEqual(before.tables);
    expect([...after.keys].filter((key) => !before.keys.has(key) && isOurJobKey(key))).toEqual([]);
  }, 120_000);
});
