import type Redis from 'ioredis';
import { DELIVERIES_QUEUE, federalQueueName } from '@dxhub/contracts';
import { integrationRedisUrl } from '@dxhub/testing';
import { deliveryJobOptions, federalJobOptions } from './job-options';
import type { JobToAdd } from './outbox-dispatch';
import { QueueRegistry } from './queue-registry';
import { createRedis, queuePrefix } from './redis-connection';

// Against the real Redis (REDIS_URL = db 1, flushed).

let redis: Redis;
let queues: QueueRegistry;

const ssa = federalQueueName('ssa');
const federalJob = (id: string): JobToAdd => ({
  queue: ssa,
  name: 'federal-transfer',
  data: { verificationId: id, round: 0 },
  opts: { ...federalJobOptions('ssa'), jobId: `${id}-r0` },
});
const deliveryJob = (id: string): JobToAdd => ({ queue: DELIVERIES_QUEUE, name: 'deliver', data: { deliveryId: id }, opts: { ...deliveryJobOptions(), jobId: id } });

beforeAll(async () => {
  redis = createRedis(integrationRedisUrl(), 'producer', 'dxhub-queue-registry-integration');
  await new Promise((resolve) => redis.once('ready', resolve));
  await redis.flushdb();
  queues = new QueueRegistry(redis, queuePrefix(process.env.REDIS_PREFIX!));
});

afterAll(async () => {
  await queues?.close();
  redis?.disconnect();
});

describe('QueueRegistry.addAll', () => {
  it('adds a lone job (add) with its name, data, id and options', async () => {
    await queues.addAll([federalJob('ver_lone')]);

    const job = await queues.get(ssa).getJob('ver_lone-r0');
    expect(job).toBeDefined();
    expect(job!.name).toBe('federal-transfer');
    expect(job!.data).toStrictEqual({ verificationId: 'ver_lone', round: 0 });
    expect(job!.opts.attempts).toBe(federalJobOptions('ssa').attempts);
  });

  it('adds several jobs across queues (addBulk per queue), each with its own id and options', async () => {
    await queues.addAll([federalJob('ver_a'), deliveryJob('dlv_a'), federalJob('ver_b')]);

    expect((await queues.get(ssa).getJob('ver_a-r0'))!.data.verificationId).toBe('ver_a');
    expect((await queues.get(ssa).getJob('ver_b-r0'))!.data.verificationId).toBe('ver_b');
    const delivery = await queues.get(DELIVERIES_QUEUE).getJob('dlv_a');
    expect(delivery!.data).toStrictEqual({ deliveryId: 'dlv_a' });
    expect(delivery!.opts.attempts).toBe(deliveryJobOptions().attempts);
  });

  it('adds a job id once, whether it comes again alone or in a batch', async () => {
    await queues.addAll([federalJob('ver_once')]);
    await queues.addAll([federalJob('ver_once')]);
    await queues.addAll([federalJob('ver_once'), federalJob('ver_other')]);

    const waiting = await queues.get(ssa).getJobs(['waiting']);
    expect(waiting.filter((job) => job.id === 'ver_once-r0')).toHaveLength(1);
    expect(waiting.map((job) => job.id).sort()).toEqual(['ver_a-r0', 'ver_b-r0', 'ver_lone-r0', 'ver_once-r0', 'ver_other-r0']);
  });
});
