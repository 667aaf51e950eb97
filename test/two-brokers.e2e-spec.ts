import { Client } from 'pg';
import {
  call,
  E2E_ENV,
  E2E_LOG_DIR,
  E2E_ROOT,
  LocalHttpServer,
  pollUntil,
  ReceivedRequest,
  RunningProcess,
  sendJson,
  ssaRequest,
  startHubProcess,
  stopHubProcess,
  testSlot,
  testSsn,
  urls,
  waitForHealthy,
} from '@dxhub/testing';
import { ADMIN, newExchange } from './e2e-fixtures';

// Scale-out: the broker is stateless, so a second broker process shares the work (outbox relay, federal
// workers, webhook deliveries) with the suite's broker, and nothing is done twice: each verification gets
// one federal call, one completion and one webhook, and both brokers did some of it.

const COUNT = 300;
const SECOND_BROKER_PORT = testSlot.port(13012);
const secondBroker = `http://127.0.0.1:${SECOND_BROKER_PORT}`;

/** Successful SSA calls a broker has made, from its /metrics. */
async function ssaCalls(base: string): Promise<number> {
  const metrics = await call(base, 'GET', '/metrics');
  const match = /dxhub_federal_calls_total\{source="ssa",result="success"\} (\d+)/.exec(metrics.text);
  return match ? Number(match[1]) : 0;
}

describe('two brokers', () => {
  const webhooks: ReceivedRequest[] = [];
  const receiver = new LocalHttpServer((request, res) => {
    webhooks.push(request);
    sendJson(res, 200, { ok: true });
  });
  const db = new Client({ connectionString: E2E_ENV.DATABASE_URL });
  let second: RunningProcess;

  beforeAll(async () => {
    await Promise.all([receiver.start(), db.connect()]);
    const env = { ...process.env, ...E2E_ENV, BROKER_HEALTH_PORT: SECOND_BROKER_PORT };
    second = startHubProcess(E2E_ROOT, 'broker', env, `${E2E_LOG_DIR}/second-broker`);
    await waitForHealthy('broker', env);
  });

  afterAll(async () => {
    if (second) await stopHubProcess(second);
    await Promise.all([receiver.stop(), db.end()]);
  });

  it(`share ${COUNT} verifications: each completed, called and delivered exactly once, by both brokers`, async () => {
    const { exchangeId, key } = await newExchange('two');
    const set = await call(urls.console, 'PUT', `/v1/admin/exchanges/${exchangeId}/webhook`, { token: ADMIN, body: { url: `${receiver.baseUrl}/dxhub` } });
    expect(set.status).toBe(200);
    const before = { first: await ssaCalls(urls.broker), second: await ssaCalls(secondBroker) };

    const ids: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 30 }, async () => {
        while (next++ < COUNT) {
          const submitted = await call(urls.gateway, 'POST', '/v1/verifications', { token: key, body: ssaRequest(testSsn(next % 6)) });
          expect(submitted.status).toBe(202);
          ids.push(submitted.body.id);
        }
      }),
    );
    expect(new Set(ids).size).toBe(COUNT);

    const done = await pollUntil(
      () => db.query(`SELECT count(*)::int AS n FROM verifications WHERE exchange_id = $1 AND status = 'completed'`, [exchangeId]),
      (result) => result.rows[0].n === COUNT,
      60_000,
      250,
    );
    expect(done.rows[0].n).toBe(COUNT);

    // One answered federal call and one completion event per verification: no job ran twice, in either broker.
    // (On a loaded machine a call may outlast FEDERAL_TIMEOUT_MS and be retried: that is an attempt without an
    // answer, journaled as a request of its own, not a job run twice.)
    const perVerification = await db.query(
      `SELECT v.id,
              (SELECT count(*)::int FROM federal_attempts a WHERE a.verification_id = v.id AND a.result = 'success') AS answered,
              (SELECT count(*)::int FROM federal_attempts a WHERE a.verification_id = v.id) AS calls,
              (SELECT count(*)::int FROM audit_events e WHERE e.verification_id = v.id AND e.kind = 'federal.request') AS requests,
              (SELECT count(*)::int FROM audit_events e WHERE e.verification_id = v.id AND e.kind = 'verification.completed') AS completions,
              (SELECT count(*)::int FROM deliveries d WHERE d.verification_id = v.id) AS deliveries
       FROM verifications v WHERE v.exchange_id = $1`,
      [exchangeId],
    );
    const notOnce = perVerification.rows.filter((r) => r.answered !== 1 || r.requests !== r.calls || r.completions !== 1 || r.deliveries !== 1);
    expect(notOnce).toEqual([]);

    // Each result reached the exchange once.
    const delivered = await pollUntil(
      async () => webhooks.map((w) => JSON.parse(w.body).data.id as string),
      (list) => list.length >= COUNT,
      30_000,
    );
    expect(delivered.sort()).toEqual([...ids].sort());

    // Both brokers did part of the work, and together exactly all of it.
    const first = (await ssaCalls(urls.broker)) - before.first;
    const secondCalls = (await ssaCalls(secondBroker)) - before.second;
    expect(first).toBeGreaterThan(0);
    expect(secondCalls).toBeGreaterThan(0);
    expect(first + secondCalls).toBe(COUNT);
  });
});
