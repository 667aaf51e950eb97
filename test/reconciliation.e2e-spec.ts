import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { Client } from 'pg';
import { call, E2E_ENV, LocalHttpServer, pollUntil, ReceivedRequest, sendJson, ssaRequest, testSsn, urls } from '@dxhub/testing';
import { OUTBOX_TOPICS } from '@dxhub/contracts';
import { jobForOutboxRow, queuePrefix } from '@dxhub/messaging';
import { ADMIN, newExchange, newKey } from './e2e-fixtures';

// Redis lost mid-flight: the queues are gone, PostgreSQL still knows every open verification, and a
// reconciliation run rebuilds the work from it.
type Finding = { kind: string; verificationId: string; action: string };

describe('reconciliation', () => {
  let key: string;
  let operator: string;
  beforeAll(async () => {
    ({ key } = await newExchange('recon'));
    operator = await newKey('operator');
  });

  const get = (id: string) => call(urls.gateway, 'GET', `/v1/verifications/${id}`, { token: key });
  const reconcile = async () => {
    const started = await call(urls.console, 'POST', '/v1/ops/reconciliations', { token: operator });
    expect(started.status).toBe(202);
    const run = await pollUntil(() => call(urls.console, 'GET', `/v1/ops/reconciliations/${started.body.id}`, { token: operator }), (r) => ['done', 'failed'].includes(r.body.status), 20_000, 200);
    return run.body;
  };
  /**
   * What the runs that started at or after `since` found for these verifications. The operator's run is not
   * the only one: the broker's own schedule (every minute) may slip a run in first and take some of them.
   */
  const foundSince = async (since: number, kind: string, ids: string[]): Promise<Finding[]> => {
    const runs = await call(urls.console, 'GET', '/v1/ops/reconciliations?limit=20', { token: operator });
    expect(runs.status).toBe(200);
    return (runs.body.data as { status: string; startedAt: string; findings: Finding[] }[])
      .filter((run) => run.status === 'done' && Date.parse(run.startedAt) >= since)
      .flatMap((run) => run.findings)
      .filter((f) => f.kind === kind && ids.includes(f.verificationId));
  };
  /** Each verification these findings name, once, in order. */
  const idsOf = (findings: Finding[]) => [...new Set(findings.map((f) => f.verificationId))].sort();
  /**
   * Polls `countSql` (outbox rows dispatched) until it reaches `want`: their jobs are in Redis then, and the
   * relay adds nothing back. Returns the last count.
   */
  const untilDispatched = async (countSql: string, params: unknown[], want: number): Promise<number> => {
    const db = new Client({ connectionString: E2E_ENV.DATABASE_URL });
    await db.connect();
    try {
      return await pollUntil(async () => (await db.query(countSql, params)).rows[0].n as number, (n) => n >= want, 10_000, 20);
    } finally {
      await db.end();
    }
  };

  it('re-enqueues verifications whose jobs were lost with Redis, and they complete', async () => {
    const since = Date.now();
    await call(urls.federalHub, 'PUT', '/admin/faults', { body: { ssa: { outage: true } } });
    let ids: string[] = [];
    try {
      ids = await Promise.all([1, 2, 3].map(async (d) => (await call(urls.gateway, 'POST', '/v1/verifications', { token: key, body: ssaRequest(testSsn(d)) })).body.id));
      // Not "until each has an attempt": the second line of an intake chunk may wait on the source's half-open
      // circuit while the first takes every probe, and meanwhile another job can spend its attempts.
      const dispatched = await untilDispatched(
        `SELECT count(*)::int AS n FROM outbox WHERE payload->>'verificationId' = ANY($1) AND dispatched_at IS NOT NULL`,
        [ids],
        ids.length,
      );
      expect(dispatched).toBe(ids.length);
      // Nothing in flight when Redis goes: a retry already running would go on without its job, and complete.
      const redis = new Redis(E2E_ENV.REDIS_URL, { maxRetriesPerRequest: null });
      const ssa = new Queue('federal-ssa', { connection: redis, prefix: queuePrefix(E2E_ENV.REDIS_PREFIX) });
      await ssa.pause();
      await pollUntil(() => ssa.getActiveCount(), (active) => active === 0, 10_000, 20);
      await redis.flushdb(); // every queued and delayed retry is gone (and the pause with them)
      await ssa.close();
      redis.disconnect();
    } finally {
      await call(urls.federalHub, 'POST', '/admin/reset');
    }
    await new Promise((resolve) => setTimeout(resolve, Number(E2E_ENV.RECONCILE_IDLE_MS) + 500));
    const run = await reconcile();
    expect(run).toMatchObject({ status: 'done', trigger: 'operator', checked: expect.any(Number), startedAt: expect.any(String), finishedAt: expect.any(String) });
    const repaired = await foundSince(since, 'no-live-job', ids);
    expect(idsOf(repaired)).toEqual([...ids].sort());
    expect(repaired.every((f) => f.action === 're-enqueued')).toBe(true);
    const done = await pollUntil(() => Promise.all(ids.map(get)), (all) => all.every((r) => r.body.status === 'completed'), 20_000, 200);
    expect(done.map((r) => r.body.status)).toEqual(['completed', 'completed', 'completed']);
  });

  it("leaves alone the verifications a live intake chunk carries, and re-enqueues them once it is gone", async () => {
    const since = Date.now();
    const redis = new Redis(E2E_ENV.REDIS_URL, { maxRetriesPerRequest: null });
    const ssa = new Queue('federal-ssa', { connection: redis, prefix: queuePrefix(E2E_ENV.REDIS_PREFIX) });
    await ssa.pause();
    let ids: string[] = [];
    try {
      ids = (await Promise.all([4, 5].map(async (d) => (await call(urls.gateway, 'POST', '/v1/verifications', { token: key, body: ssaRequest(testSsn(d)) })).body.id))).sort();
      // Whatever jobs the intake made give way to one chunk job of both, held back for an hour: live, never run.
      await pollUntil(() => ssa.getWaitingCount(), (waiting) => waiting > 0, 5000, 20);
      await ssa.drain(true);
      const chunk = jobForOutboxRow({ id: '0', topic: OUTBOX_TOPICS.federalTransfer, payload: { verificationId: ids[0], source: 'ssa', round: 0, correlationId: 'c', chunk: ids } });
      await ssa.add(chunk.name, chunk.data, { ...chunk.opts, delay: 3_600_000 });
      await new Promise((resolve) => setTimeout(resolve, Number(E2E_ENV.RECONCILE_IDLE_MS) + 500));

      const carried = await reconcile();
      expect(carried.status).toBe('done');
      expect(carried.findings.filter((f: { verificationId: string }) => ids.includes(f.verificationId))).toEqual([]);

      await (await ssa.getJob(chunk.opts.jobId!))!.remove();
      expect((await reconcile()).status).toBe('done');
      const repaired = await foundSince(since, 'no-live-job', ids);
      expect(idsOf(repaired)).toEqual(ids);
    } finally {
      await ssa.resume();
      await ssa.close();
      redis.disconnect();
    }
    const done = await pollUntil(() => Promise.all(ids.map(get)), (all) => all.every((r) => r.body.status === 'completed'), 20_000, 200);
    expect(done.map((r) => r.body.status)).toEqual(['completed', 'completed']);
  });

  it('finds nothing to repair when every open verification has a live job, and reports the balance', async () => {
    const run = await reconcile();
    expect(run.status).toBe('done');
    expect(run.findings.filter((f: { kind: string }) => f.kind === 'conservation')).toEqual([]);
  });

  it('is for operators only, and answers 404 for an unknown run', async () => {
    expect((await call(urls.console, 'POST', '/v1/ops/reconciliations', { token: await newKey('auditor') })).status).toBe(403);
    expect((await call(urls.console, 'GET', '/v1/ops/reconciliations/rec_nope', { token: operator })).status).toBe(404);
  });

  it('redelivers a result whose delivery job was lost with Redis', async () => {
    const since = Date.now();
    const received: ReceivedRequest[] = [];
    let accept = false;
    const receiver = new LocalHttpServer((request, res) => {
      received.push(request);
      sendJson(res, accept ? 200 : 503, {});
    });
    await receiver.start();
    try {
      const exchange = await newExchange('recon-wh');
      await call(urls.console, 'PUT', `/v1/admin/exchanges/${exchange.exchangeId}/webhook`, { token: ADMIN, body: { url: `${receiver.baseUrl}/hook` } });
      const submitted = await call(urls.gateway, 'POST', '/v1/verifications', { token: exchange.key, body: ssaRequest(testSsn(2)) });
      await pollUntil(async () => received.length, (n) => n >= 1, 10_000, 20);
      // The first attempt is the broker's own; its retry is a job once the relay has taken the outbox row.
      await untilDispatched(
        `SELECT count(*)::int AS n FROM outbox o JOIN deliveries d ON d.id = o.payload->>'deliveryId' WHERE d.verification_id = $1 AND o.dispatched_at IS NOT NULL`,
        [submitted.body.id],
        1,
      );
      const redis = new Redis(E2E_ENV.REDIS_URL);
      await redis.flushdb(); // the delivery's retry is gone; it stays pending in PostgreSQL
      redis.disconnect();
      accept = true;
      await new Promise((resolve) => setTimeout(resolve, Number(E2E_ENV.RECONCILE_IDLE_MS) + 500));
      expect((await reconcile()).status).toBe('done');
      expect(await foundSince(since, 'delivery-without-job', [submitted.body.id])).toContainEqual(
        expect.objectContaining({ verificationId: submitted.body.id, action: 'redelivered' }),
      );
      await pollUntil(async () => received.filter((r) => r.body.includes(submitted.body.id) && accept).length, (n) => n >= 1, 10_000, 50);
      const last = received[received.length - 1];
      expect(JSON.parse(last.body)).toMatchObject({ type: 'verification.completed', data: { id: submitted.body.id } });
    } finally {
      await receiver.stop();
    }
  });
});
