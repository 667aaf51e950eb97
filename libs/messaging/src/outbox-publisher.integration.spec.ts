import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { FEDERAL_INTAKE_CHUNK_JOB, federalQueueName, INTAKE_CHUNK_LINES, intakeChunkJobId } from '@dxhub/contracts';
import { NewVerification, PUBLISH_BATCHES_UP_TO, VerificationRepository } from '@dxhub/persistence';
import { MetricsService } from '@dxhub/platform';
import { countRows, insertExchange, integrationDatabaseUrl, integrationRedisUrl, openIntegrationDatabase, pollUntil, receiveTestVerification, testPiiCipher } from '@dxhub/testing';
import { OutboxRelay } from './outbox-relay';
import { QueueOutboxPublisher } from './outbox-publisher';
import { QueueRegistry } from './queue-registry';
import { createRedis, queuePrefix } from './redis-connection';

// Against the real PostgreSQL (dxhub_test, recreated for this file) and Redis (REDIS_URL = db 1, flushed).

const EXCHANGE = 'ex-publish';
const cipher = testPiiCipher();

let dataSource: DataSource;
let redis: Redis;
let queues: QueueRegistry;
let metrics: MetricsService;
let relay: OutboxRelay;

async function receive(repo: VerificationRepository): Promise<NewVerification> {
  const { verification, stored } = await receiveTestVerification(repo, EXCHANGE, { ssn: '123-45-6789', lastName: 'Silva' }, cipher);
  // What the gateway answers with is a verification, nothing of the outbox row that rode beside it.
  expect(Object.keys(stored).some((key) => key.startsWith('outbox'))).toBe(false);
  return verification;
}

const rowOf = async (v: NewVerification) =>
  (
    await dataSource.query(
      `SELECT dispatched_at IS NOT NULL AS dispatched, extract(epoch FROM relay_after - created_at)::int AS "relayAfterSeconds"
       FROM outbox WHERE payload->>'verificationId' = $1`,
      [v.id],
    )
  )[0] as { dispatched: boolean; relayAfterSeconds: number };
const jobOf = (v: NewVerification) => queues.get(federalQueueName('ssa')).getJob(`${v.id}-r0`);
const chunkJobOf = (firstId: string) => queues.get(federalQueueName('ssa')).getJob(intakeChunkJobId(firstId, 0));
const published = async (result: string) => (await metrics.registry.getSingleMetric('dxhub_outbox_published_total')!.get()).values.find((m) => m.labels.result === result)?.value ?? 0;

beforeAll(async () => {
  dataSource = await openIntegrationDatabase();
  await insertExchange(dataSource, EXCHANGE);
  // The gateway's kind of connection: a producer, which fails fast instead of queueing commands.
  redis = createRedis(integrationRedisUrl(), 'producer', 'dxhub-outbox-publisher-integration');
  await new Promise((resolve) => redis.once('ready', resolve));
  await redis.flushdb();
  queues = new QueueRegistry(redis, queuePrefix(process.env.REDIS_PREFIX!));
  metrics = new MetricsService();
  relay = new OutboxRelay(dataSource, queues, integrationDatabaseUrl());
});

afterAll(async () => {
  await queues?.close();
  redis?.disconnect();
  await dataSource?.destroy();
});

describe('QueueOutboxPublisher (the gateway adds its intakes\' jobs itself)', () => {
  it('adds the job as the intake commits and marks the row dispatched; the relay has nothing to do', async () => {
    const repo = new VerificationRepository(dataSource, new QueueOutboxPublisher(queues, metrics));
    const v = await receive(repo);

    const job = await pollUntil(() => jobOf(v), (found) => found !== undefined, 2000, 5);
    expect(job!.data).toStrictEqual({ verificationId: v.id, correlationId: v.correlationId, round: 0 });
    expect(await pollUntil(() => rowOf(v), (row) => row.dispatched, 2000, 5)).toEqual({ dispatched: true, relayAfterSeconds: 5 });
    expect(await relay.drain()).toBe(0);
    expect(await published('added')).toBe(1);
  });

  it('leaves the row to the relay when the add fails, which takes it once its relay_after has passed', async () => {
    // A connection that worked, then went: a producer's commands fail at once instead of waiting.
    const lost = createRedis(integrationRedisUrl(), 'producer', 'dxhub-outbox-publisher-lost');
    const lostQueues = new QueueRegistry(lost, queuePrefix(process.env.REDIS_PREFIX!));
    await lostQueues.get(federalQueueName('ssa')).waitUntilReady();
    lost.disconnect();
    const repo = new VerificationRepository(dataSource, new QueueOutboxPublisher(lostQueues, metrics));
    const v = await receive(repo);

    await pollUntil(() => published('left_to_relay'), (n) => n === 1, 2000, 5);
    expect(await rowOf(v)).toEqual({ dispatched: false, relayAfterSeconds: 5 });
    expect(await jobOf(v)).toBeUndefined();
    // Within its relay_after the relay leaves the row to its writer...
    expect(await relay.drain()).toBe(0);
    // ...and once it has passed, relays it like any other row.
    await dataSource.query(`UPDATE outbox SET relay_after = now() - interval '1 second' WHERE payload->>'verificationId' = $1`, [v.id]);
    expect(await relay.drain()).toBe(1);
    expect((await rowOf(v)).dispatched).toBe(true);
    expect((await jobOf(v))!.data.verificationId).toBe(v.id);
    expect(await countRows(dataSource, 'outbox', 'dispatched_at IS NULL')).toBe(0);
  });

  it('adds the verifications of one source that one statement stored as one chunk job; relaying their rows again adds nothing', async () => {
    const repo = new VerificationRepository(dataSource, new QueueOutboxPublisher(queues, metrics));
    const addedBefore = await published('added');
    // Made together, the intakes share one statement (Coalescer).
    const together = await Promise.all([1, 2, 3].map(() => receive(repo)));
    const ids = together.map((v) => v.id).sort();

    const chunk = await pollUntil(() => chunkJobOf(ids[0]), (found) => found !== undefined, 2000, 5);
    expect(chunk!.name).toBe(FEDERAL_INTAKE_CHUNK_JOB);
    expect(chunk!.data).toStrictEqual({ lines: ids.map((verificationId) => ({ verificationId, round: 0 })) });
    for (const v of together) expect(await jobOf(v)).toBeUndefined();
    for (const v of together) expect(await pollUntil(() => rowOf(v), (row) => row.dispatched, 2000, 5)).toEqual({ dispatched: true, relayAfterSeconds: 5 });
    expect(await published('added')).toBe(addedBefore + 3);

    // Their marks lost (a crash): the relay takes the rows after relay_after, and each makes the same chunk job.
    await dataSource.query(`UPDATE outbox SET dispatched_at = NULL, relay_after = now() - interval '1 second' WHERE payload->>'verificationId' = ANY($1)`, [ids]);
    expect(await relay.drain()).toBe(3);
    const live = await queues.get(federalQueueName('ssa')).getJobs(['waiting'], 0, -1);
    expect(live.filter((job) => job.data.lines?.some((line: { verificationId: string }) => ids.includes(line.verificationId)))).toHaveLength(1);
    expect((await chunkJobOf(ids[0]))!.timestamp).toBe(chunk!.timestamp); // the original job, kept
  });

  it('leaves a burst\'s large intake statement to the relay at once, which adds its jobs in one claim, 25 verifications a job', async () => {
    const repo = new VerificationRepository(dataSource, new QueueOutboxPublisher(queues, metrics));
    const addedBefore = await published('added');
    // Made together, the intakes share one statement (Coalescer) of more rows than the gateway adds itself.
    const burst = await Promise.all(Array.from({ length: INTAKE_CHUNK_LINES + 5 }, () => receive(repo)));
    expect(burst.length).toBeGreaterThan(PUBLISH_BATCHES_UP_TO);
    const ids = burst.map((v) => v.id).sort();

    for (const v of burst) expect(await rowOf(v)).toEqual({ dispatched: false, relayAfterSeconds: null });
    expect(await published('added')).toBe(addedBefore);
    expect(await relay.drain()).toBe(burst.length);
    const first = await chunkJobOf(ids[0]);
    const second = await chunkJobOf(ids[INTAKE_CHUNK_LINES]);
    expect(first!.data.lines.map((line: { verificationId: string }) => line.verificationId)).toEqual(ids.slice(0, INTAKE_CHUNK_LINES));
    expect(second!.data.lines.map((line: { verificationId: string }) => line.verificationId)).toEqual(ids.slice(INTAKE_CHUNK_LINES));
  });

  it('without a publisher (the broker, tests), an intake leaves its row to the relay at once, as before', async () => {
    const v = await receive(new VerificationRepository(dataSource));
    expect(await rowOf(v)).toEqual({ dispatched: false, relayAfterSeconds: null });
    expect(await relay.drain()).toBe(1);
    expect((await jobOf(v))!.id).toBe(`${v.id}-r0`);
  });
});
