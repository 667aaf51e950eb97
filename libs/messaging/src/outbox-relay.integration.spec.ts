import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { FEDERAL_TRANSFER_JOB, federalQueueName, FederalSource, OUTBOX_CHANNEL } from '@dxhub/contracts';
import { dataSourceOptions, NewVerification, poolOf, VerificationRepository } from '@dxhub/persistence';
import { countRows, insertExchange, integrationDatabaseUrl, integrationRedisUrl, openIntegrationDatabase, pollUntil, receiveTestVerification, testPiiCipher } from '@dxhub/testing';
import { OutboxRelay } from './outbox-relay';
import { QueueRegistry } from './queue-registry';
import { createRedis, queuePrefix } from './redis-connection';
import { RETRY_POLICIES } from './retry-policy';

// Against the real PostgreSQL (dxhub_test, recreated for this file) and Redis (REDIS_URL = db 1, flushed).

const EXCHANGE = 'ex-relay';
const SSN = '123-45-6789';
const POLL_INTERVAL_MS = 1000; // OutboxRelay's safety-net poll
const cipher = testPiiCipher();

let dataSource: DataSource;
let repo: VerificationRepository;
let redis: Redis;
let queues: QueueRegistry;
const relays: OutboxRelay[] = [];
const extraDataSources: DataSource[] = [];

function newRelay(db = dataSource): OutboxRelay {
  const relay = new OutboxRelay(db, queues, integrationDatabaseUrl());
  relays.push(relay);
  return relay;
}

async function receive(): Promise<NewVerification> {
  return (await receiveTestVerification(repo, EXCHANGE, { ssn: SSN, lastName: 'Silva' }, cipher)).verification;
}

/** Outbox rows written straight to the table (no NOTIFY), for synthetic verifications of `source`. */
async function insertOutboxRows(source: FederalSource, count: number, tag: string): Promise<void> {
  await dataSource.query(
    `INSERT INTO outbox (topic, payload)
     SELECT 'federal.transfer', jsonb_build_object('verificationId', $1 || '_' || i, 'source', $2::text, 'round', 0, 'correlationId', 'corr-' || i)
     FROM generate_series(1, $3::int) AS i`,
    [`ver_${tag}`, source, count],
  );
}

const pending = (where = 'TRUE', params: unknown[] = []) => countRows(dataSource, 'outbox', `dispatched_at IS NULL AND ${where}`, params);
const queueOf = (source: FederalSource) => queues.get(federalQueueName(source));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const listeners = () =>
  countRows(dataSource, 'pg_stat_activity', `datname = current_database() AND query = $1 AND pid <> pg_backend_pid()`, [`LISTEN ${OUTBOX_CHANNEL}`]);

beforeAll(async () => {
  const redisUrl = integrationRedisUrl();
  dataSource = await openIntegrationDatabase();
  repo = new VerificationRepository(dataSource);
  await insertExchange(dataSource, EXCHANGE);
  redis = createRedis(redisUrl, 'worker', 'dxhub-outbox-relay-integration');
  await redis.flushdb();
  queues = new QueueRegistry(redis, queuePrefix(process.env.REDIS_PREFIX!));
});

afterAll(async () => {
  for (const relay of relays) await relay.stop();
  await queues?.close();
  await redis?.quit();
  for (const db of extraDataSources) await db.destroy();
  await dataSource?.destroy();
});

describe('OutboxRelay', () => {
  it('enqueues, on start, every row committed while no relay ran, as id-only jobs, and marks them dispatched', async () => {
    // The gateway committed these and "crashed" before anything reached Redis.
    const received = [];
    for (let i = 0; i < 5; i++) received.push(await receive());
    expect(await pending()).toBe(5);
    expect(await queueOf('ssa').count()).toBe(0);

    const relay = newRelay();
    await relay.start();
    expect(await pollUntil(() => pending(), (n) => n === 0, 3000, 20)).toBe(0);
    await relay.stop();

    expect(await countRows(dataSource, 'outbox', 'dispatched_at IS NULL OR dispatched_at < created_at')).toBe(0);
    const queue = queueOf('ssa');
    expect(queue.name).toBe('federal-ssa');
    expect(await queue.count()).toBe(5);
    for (const v of received) {
      const job = await queue.getJob(`${v.id}-r0`);
      expect(job).toBeDefined();
      expect(job!.name).toBe(FEDERAL_TRANSFER_JOB);
      expect(job!.data).toStrictEqual({ verificationId: v.id, correlationId: v.correlationId, round: 0 });
      expect(job!.opts.attempts).toBe(RETRY_POLICIES.ssa.attempts);
    }
    // Nothing in the queue's keys (job hashes included) carries PII: Redis keeps job data in clear text.
    const keys = await redis.keys(`${queuePrefix(process.env.REDIS_PREFIX!)}:federal-ssa:*`);
    expect(keys.length).toBeGreaterThan(5);
    for (const key of keys.filter((k) => k.endsWith('-r0'))) {
      const hash = JSON.stringify(await redis.hgetall(key));
      for (const pii of [SSN, '123456789', '6789', 'Silva', 'blind-index']) expect(hash).not.toContain(pii);
    }
  });

  it('adds one job, not two, when the same outbox row is relayed twice', async () => {
    const v = await receive();
    const relay = newRelay();
    expect(await relay.drain()).toBe(1);
    const queue = queueOf('ssa');
    const first = await queue.getJob(`${v.id}-r0`);
    const countBefore = await queue.count();

    // The relay crashed after the add but before the mark: the row is pending again.
    await dataSource.query(`UPDATE outbox SET dispatched_at = NULL WHERE payload->>'verificationId' = $1`, [v.id]);
    expect(await pending()).toBe(1);
    expect(await relay.drain()).toBe(1);

    expect(await pending()).toBe(0);
    expect(await queue.count()).toBe(countBefore);
    const jobs = (await queue.getJobs(['wait', 'delayed', 'prioritized'], 0, -1)).filter((j) => j.data.verificationId === v.id);
    expect(jobs.map((j) => j.id)).toEqual([`${v.id}-r0`]);
    expect((await queue.getJob(`${v.id}-r0`))!.timestamp).toBe(first!.timestamp); // the original job, kept
  });

  it('leaves the rows pending and unlocked when the add fails, and gives its connection back', async () => {
    const v = await receive();
    const refusing = { addAll: () => Promise.reject(new Error('Redis is down')) } as unknown as QueueRegistry;
    const broken = new OutboxRelay(dataSource, refusing, integrationDatabaseUrl());
    const pool = poolOf(dataSource);

    await expect(broken.drain()).rejects.toThrow('Redis is down');

    expect(await pending(`payload->>'verificationId' = $1`, [v.id])).toBe(1); // rolled back: not marked dispatched
    expect(pool.totalCount - pool.idleCount).toBe(0); // the claiming connection is back in the pool
    expect(await newRelay().drain()).toBe(1); // and not left locked: another relay takes it at once
    expect(await queueOf('ssa').getJob(`${v.id}-r0`)).toBeDefined();
  });

  it('leaves a row of a topic it does not know for a relay that does, without blocking the others', async () => {
    await dataSource.query(`INSERT INTO outbox (topic, payload) VALUES ('future.topic', '{"x": 1}')`);
    const v = await receive();
    const relay = newRelay();
    expect(await relay.drain()).toBe(1);
    expect(await queueOf('ssa').getJob(`${v.id}-r0`)).toBeDefined();
    expect(await pending(`topic = 'future.topic'`)).toBe(1);
    await dataSource.query(`DELETE FROM outbox WHERE topic = 'future.topic'`);
  });

  it('two relays draining at once enqueue every row exactly once (SKIP LOCKED)', async () => {
    const sources: FederalSource[] = ['dhs', 'irs', 'equifax'];
    const perSource = 400; // 1200 rows: more than one batch, so both relays get work
    for (const source of sources) await insertOutboxRows(source, perSource, source);
    expect(await pending()).toBe(sources.length * perSource);

    const otherBroker = await new DataSource(dataSourceOptions(integrationDatabaseUrl(), 2)).initialize();
    extraDataSources.push(otherBroker);
    const moved = await Promise.all([newRelay().drain(), newRelay(otherBroker).drain()]);

    // A row claimed by both would be counted twice here (BullMQ's dedup would hide it in Redis).
    expect(moved[0] + moved[1]).toBe(sources.length * perSource);
    expect(await pending()).toBe(0);
    for (const source of sources) {
      const jobs = await queueOf(source).getJobs(['wait'], 0, -1);
      const ids = new Set(jobs.map((j) => j.id));
      expect(jobs).toHaveLength(perSource);
      expect(ids.size).toBe(perSource);
      expect(ids.has(`ver_${source}_1-r0`) && ids.has(`ver_${source}_${perSource}-r0`)).toBe(true);
    }
  });

  it('lets one started relay of several lead; another takes over within a poll when the leader stops', async () => {
    const [first, second] = [newRelay(), newRelay()];
    await first.start();
    await second.start();
    expect([first.isLeading, second.isLeading]).toEqual([true, false]);
    expect(await pollUntil(listeners, (n) => n === 1, 1000, 20)).toBe(1); // only the leader listens

    const before = await receive();
    expect(await pollUntil(() => queueOf('ssa').getJob(`${before.id}-r0`), (j) => j !== undefined, 500, 10)).toBeDefined();

    await first.stop();
    expect(await pollUntil(async () => second.isLeading, (led) => led, POLL_INTERVAL_MS + 500, 20)).toBe(true);
    const after = await receive();
    expect(await pollUntil(() => queueOf('ssa').getJob(`${after.id}-r0`), (j) => j !== undefined, 500, 10)).toBeDefined();
    await second.stop();
  });

  it('wakes on NOTIFY at once instead of waiting for its poll', async () => {
    expect(await pending()).toBe(0);
    const relay = newRelay();
    await relay.start();
    const startedAt = Date.now(); // its first poll is due POLL_INTERVAL_MS from here
    await sleep(100);

    // Control: a row inserted without NOTIFY is not picked up before the poll.
    await insertOutboxRows('opm', 1, 'silent');
    await sleep(150);
    expect(await pending()).toBe(1);

    const insertedAt = Date.now();
    const v = await receive(); // commits with pg_notify
    const job = await pollUntil(() => queueOf('ssa').getJob(`${v.id}-r0`), (j) => j !== undefined, 300, 5);
    const seenAt = Date.now();
    expect(job?.data).toStrictEqual({ verificationId: v.id, correlationId: v.correlationId, round: 0 });
    expect(seenAt - insertedAt).toBeLessThan(300);
    expect(seenAt - startedAt).toBeLessThan(POLL_INTERVAL_MS);
    expect(await pollUntil(() => pending(), (n) => n === 0, 300, 10)).toBe(0); // the silent row went with it
    await relay.stop();
  });

  it('stop() returns promptly, finishes the batch in flight, and leaves no listener or timer behind', async () => {
    await insertOutboxRows('cms-mec', 600, 'stop');
    const relay = newRelay();
    await relay.start(); // start() begins a drain at once
    expect(await pollUntil(listeners, (n) => n === 1, 1000, 20)).toBe(1);

    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      relay.stop().then(() => 'stopped'),
      new Promise((resolve) => (timer = setTimeout(() => resolve('hung'), 3000))),
    ]);
    clearTimeout(timer);
    expect(outcome).toBe('stopped');

    // The batch in flight committed; no further batch started after stop() returned.
    const leftAtStop = await pending();
    expect(leftAtStop).toBeGreaterThan(0);
    expect(leftAtStop).toBeLessThan(600);
    expect(await pollUntil(listeners, (n) => n === 0, 1000, 20)).toBe(0);

    // Neither a NOTIFY nor the poll interval wakes it any more, nor does wake().
    const v = await receive();
    relay.wake();
    await sleep(POLL_INTERVAL_MS + 250);
    expect(await pending()).toBe(leftAtStop + 1);
    expect(await pending(`payload->>'verificationId' = $1`, [v.id])).toBe(1);
    expect(await queueOf('ssa').getJob(`${v.id}-r0`)).toBeUndefined();
    expect(await queueOf('cms-mec').count()).toBe(600 - leftAtStop);
  });
});
