import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import Redis from 'ioredis';
import { Client } from 'pg';
import { call, E2E_ROOT, HUB_PROCESSES, HubProcessName, pollUntil, RunningProcess, startHubProcess, stopHubProcess, TestResponse, waitForHealthy } from '@dxhub/testing';
import { CHAOS_ENV, CHAOS_LOG_DIR, chaosUrls, recreateChaosDatabase } from './chaos-environment';
import { chaosRequest } from './chaos-requests';

// The proof of issue 4: 1,000 verifications of mixed services through 30 % federal errors and 10 %
// duplicate answers, a broker killed with SIGKILL and restarted, and Redis flushed, all mid-run. Then the
// faults are cleared and the reconciler runs: none may be lost or stuck, every failed one is a failed
// transfer an operator can re-drive to completion, and none was completed twice.

const TOTAL = 1000;
const CONCURRENCY = 20;
// Paced at 50 a second, so that the broker's death and Redis's loss fall while work is in flight, not after.
const SPACING_MS = 20;
const FAULTY_PHASE_MS = 60_000;
const SETTLE_MS = 150_000;
const RECONCILE_EVERY_MS = 10_000;
const OPEN_STATUSES = ['queued', 'in_progress', 'awaiting_federal'];
const FAULTS = { '*': { errorRate: 0.3, duplicateRate: 0.1 } };

const env = { ...process.env, ...CHAOS_ENV };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Listed = { id: string; status: string; attempts: number };

describe('chaos: federal faults, a killed broker and a flushed Redis lose no verification', () => {
  const running = new Map<HubProcessName, RunningProcess>();
  const redis = new Redis(CHAOS_ENV.REDIS_URL, { lazyConnect: true });
  const db = new Client({ connectionString: CHAOS_ENV.DATABASE_OWNER_URL });
  const startedAt = Date.now();
  const figures = { submitted: 0, completed: 0, failed: 0, redriven: 0, reconciliations: 0, findings: {} as Record<string, number> };
  let exchangeId: string;
  let submitter: string;
  let operator: string;
  const accepted: string[] = [];
  let failedIds: string[] = [];

  const start = (name: HubProcessName) => running.set(name, startHubProcess(E2E_ROOT, name, env, CHAOS_LOG_DIR));

  async function newKey(role: string, exchange?: string): Promise<string> {
    const created = await call(chaosUrls.console, 'POST', '/v1/admin/credentials', { token: CHAOS_ENV.HUB_ADMIN_TOKEN, body: { role, exchangeId: exchange, label: 'chaos' } });
    if (created.status !== 201) throw new Error(`credential: ${created.status} ${created.text}`);
    return created.body.key;
  }

  beforeAll(async () => {
    await recreateChaosDatabase();
    await redis.connect();
    await redis.flushdb();
    rmSync(CHAOS_LOG_DIR, { recursive: true, force: true });
    HUB_PROCESSES.forEach(start);
    await Promise.all(HUB_PROCESSES.map((name) => waitForHealthy(name, env, 30_000)));
    await db.connect();
    exchangeId = `chaos-${randomBytes(4).toString('hex')}`;
    const created = await call(chaosUrls.console, 'POST', '/v1/admin/exchanges', { token: CHAOS_ENV.HUB_ADMIN_TOKEN, body: { id: exchangeId, name: 'Chaos exchange' } });
    if (created.status !== 201) throw new Error(`exchange: ${created.status} ${created.text}`);
    submitter = await newKey('submitter', exchangeId);
    operator = await newKey('operator');
  }, 120_000);

  afterAll(async () => {
    // Only the live ones: a process that already died (a failed start) has nothing left to stop.
    const live = [...running.values()].filter(({ child }) => child.exitCode === null && child.signalCode === null);
    await Promise.allSettled(live.map((process) => stopHubProcess(process)));
    redis.disconnect();
    await db.end();
    const seconds = Math.round((Date.now() - startedAt) / 1000);
    const findings = Object.entries(figures.findings).map(([kind, n]) => `${kind}=${n}`).join(' ') || 'none';
    process.stdout.write(
      `chaos: submitted ${figures.submitted}, completed ${figures.completed}, failed before re-drive ${figures.failed}, re-driven ${figures.redriven}, ` +
        `reconciliations ${figures.reconciliations} (findings: ${findings}), ${seconds} s; logs in ${CHAOS_LOG_DIR}\n`,
    );
  }, 60_000);

  /** SIGKILL mid-work (no graceful shutdown), then a new broker process on the same queues. */
  async function killAndRestartBroker(): Promise<void> {
    const broker = running.get('broker')!;
    const exited = new Promise((resolve) => broker.child.once('exit', resolve));
    broker.child.kill('SIGKILL');
    await exited;
    broker.log.end();
    start('broker');
    await waitForHealthy('broker', env, 30_000);
  }

  async function listAll(status?: string): Promise<Listed[]> {
    const all: Listed[] = [];
    let cursor: string | null = null;
    do {
      const query: URLSearchParams = new URLSearchParams({ limit: '500', ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) });
      const page: TestResponse = await call(chaosUrls.gateway, 'GET', `/v1/verifications?${query}`, { token: submitter });
      if (page.status !== 200) throw new Error(`list: ${page.status} ${page.text}`);
      all.push(...page.body.data);
      cursor = page.body.nextCursor;
    } while (cursor);
    return all;
  }

  const openVerifications = async () => (await Promise.all(OPEN_STATUSES.map((status) => listAll(status)))).flat();

  /** Polls until `done` holds or the time runs out, asking for a reconciliation every ~10 s meanwhile. */
  async function settle(done: () => Promise<boolean>, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let lastRun = Date.now();
    while (!(await done()) && Date.now() < deadline) {
      await sleep(1000);
      if (Date.now() - lastRun >= RECONCILE_EVERY_MS) {
        await reconcile();
        lastRun = Date.now();
      }
    }
  }

  async function reconcile(): Promise<void> {
    const requested = await call(chaosUrls.console, 'POST', '/v1/ops/reconciliations', { token: operator });
    expect(requested.status).toBe(202);
    const run = await pollUntil(
      () => call(chaosUrls.console, 'GET', `/v1/ops/reconciliations/${requested.body.id}`, { token: operator }),
      (r) => ['done', 'failed'].includes(r.body.status),
      30_000,
      250,
    );
    expect({ id: requested.body.id, status: run.body.status, error: run.body.error }).toEqual({ id: requested.body.id, status: 'done', error: null });
    figures.reconciliations += 1;
    for (const finding of run.body.findings as { kind: string; action: string }[]) {
      const key = `${finding.kind}/${finding.action}`;
      figures.findings[key] = (figures.findings[key] ?? 0) + 1;
    }
  }

  it(`accepts ${TOTAL} verifications through the chaos and brings every one to completed or failed`, async () => {
    expect((await call(chaosUrls.federalHub, 'PUT', '/admin/faults', { body: FAULTS })).status).toBe(200);

    const refused: string[] = [];
    const chaos: Promise<unknown>[] = [];
    let next = 0;
    const firstAt = Date.now();
    const submitInTurn = async () => {
      for (let n = next++; n < TOTAL; n = next++) {
        await sleep(firstAt + n * SPACING_MS - Date.now());
        if (n === Math.floor(TOTAL / 3)) chaos.push(killAndRestartBroker());
        if (n === Math.floor((2 * TOTAL) / 3)) chaos.push(redis.flushdb());
        const response = await call(chaosUrls.gateway, 'POST', '/v1/verifications', { token: submitter, body: chaosRequest(n) }).catch((error: Error) => ({
          status: 0,
          text: error.message,
          body: null,
        }));
        if (response.status === 202) accepted.push(response.body.id);
        else refused.push(`#${n}: ${response.status} ${response.text.slice(0, 200)}`);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, submitInTurn));
    await Promise.all(chaos);
    figures.submitted = accepted.length;

    // The faults stay on until every verification has met them: called the federal side at least once, or ended.
    await settle(async () => (await listAll()).every((v) => v.attempts > 0 || !OPEN_STATUSES.includes(v.status)), FAULTY_PHASE_MS);
    expect((await call(chaosUrls.federalHub, 'POST', '/admin/reset')).status).toBe(204);
    await reconcile();
    await settle(async () => (await openVerifications()).length === 0, SETTLE_MS);

    const all = await listAll();
    figures.completed = all.filter((v) => v.status === 'completed').length;
    failedIds = all.filter((v) => v.status === 'failed').map((v) => v.id);
    figures.failed = failedIds.length;

    // The gateway kept accepting through the broker's death and Redis's loss (the outbox is in PostgreSQL).
    expect(refused).toEqual([]);
    // None lost, none invented: exactly the accepted ones are stored.
    expect(all.map((v) => v.id).sort()).toEqual([...accepted].sort());
    // None stuck: every one reached an end.
    expect(all.filter((v) => v.status !== 'completed' && v.status !== 'failed').map((v) => `${v.id}: ${v.status}`)).toEqual([]);
    expect(figures.completed + figures.failed).toBe(figures.submitted);
  }, 270_000);

  it('lists every failed verification as a failed transfer of the exchange', async () => {
    const listed: string[] = [];
    let cursor: string | null = null;
    do {
      const query: URLSearchParams = new URLSearchParams({ exchangeId, limit: '500', ...(cursor ? { cursor } : {}) });
      const page: TestResponse = await call(chaosUrls.console, 'GET', `/v1/ops/failed-transfers?${query}`, { token: operator });
      expect(page.status).toBe(200);
      listed.push(...page.body.data.filter((t: { kind: string }) => t.kind === 'verification').map((t: { verificationId: string }) => t.verificationId));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(listed.sort()).toEqual([...failedIds].sort());
  });

  it('re-drives every failed transfer in bulk to completed', async () => {
    const redrive = await call(chaosUrls.console, 'POST', '/v1/ops/failed-transfers/retry', { token: operator, body: { filter: { exchangeId }, reason: 'chaos run: faults cleared' } });
    expect(redrive.status).toBe(202);
    figures.redriven = redrive.body.count;
    expect(redrive.body.count).toBe(failedIds.length);
    const notCompleted = async () => (await listAll()).filter((v) => v.status !== 'completed').map((v) => `${v.id}: ${v.status}`);
    expect(await pollUntil(notCompleted, (left) => left.length === 0, 90_000, 1000)).toEqual([]);
  }, 120_000);

  it('applied at most one successful federal answer to each verification: one completion event each', async () => {
    const { rows } = await db.query<{ verification_id: string; n: number }>(
      "SELECT verification_id, count(*)::int AS n FROM audit_events WHERE kind = 'verification.completed' AND exchange_id = $1 GROUP BY verification_id",
      [exchangeId],
    );
    expect(rows.filter((r) => r.n > 1)).toEqual([]);
    expect(rows.map((r) => r.verification_id).sort()).toEqual([...accepted].sort());
  });
});
