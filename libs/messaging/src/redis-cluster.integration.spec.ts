import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Job, Worker } from 'bullmq';
import Redis, { Cluster } from 'ioredis';
import { FEDERAL_TRANSFER_JOB, federalQueueName, OUTBOX_TOPICS } from '@dxhub/contracts';
import { pollUntil, testSlot } from '@dxhub/testing';
import { jobForOutboxRow } from './outbox-dispatch';
import { QueueRegistry } from './queue-registry';
import { createRedis, queuePrefix } from './redis-connection';

// The hub on a Redis Cluster (REDIS_CLUSTER=true): three local cluster nodes on spare ports (moved per test
// slot, never the shared Redis on 6379), created with redis-cli --cluster, stopped afterwards. Jobs go through
// the hub's own queue registry and outbox dispatch; every key lands in the one slot of the `{prefix}` hash tag.

const PORTS = [17010, 17011, 17012].map((base) => Number(testSlot.port(base)));
const PREFIX = 'dxhub-cluster-test';

const nodes: ChildProcess[] = [];
let dir: string;
let producer: Redis;
let workerConnection: Redis;
let queues: QueueRegistry;

async function untilPong(port: number): Promise<void> {
  const probe = new Redis({ port, lazyConnect: true, retryStrategy: () => 100, maxRetriesPerRequest: null });
  try {
    await probe.ping();
  } finally {
    probe.disconnect();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dxhub-redis-cluster-'));
  for (const port of PORTS) {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes', '--cluster-config-file', join(dir, `nodes-${port}.conf`)];
    nodes.push(spawn('redis-server', [...args, '--dir', dir, '--save', '', '--appendonly', 'no'], { stdio: 'ignore' }));
  }
  await Promise.all(PORTS.map(untilPong));
  execFileSync('redis-cli', ['--cluster', 'create', ...PORTS.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes'], { stdio: 'ignore' });
  await pollUntil(
    async () => execFileSync('redis-cli', ['-p', String(PORTS[0]), 'cluster', 'info'], { encoding: 'utf8' }),
    (info) => info.includes('cluster_state:ok'),
    10_000,
    100,
  );
  const seed = `redis://127.0.0.1:${PORTS[1]}`; // any node will do: the client discovers the rest
  producer = createRedis(seed, 'producer', 'cluster-test-producer', true);
  workerConnection = createRedis(seed, 'worker', 'cluster-test-worker', true);
  queues = new QueueRegistry(producer, queuePrefix(PREFIX));
}, 30_000);

afterAll(async () => {
  await queues?.close();
  producer?.disconnect();
  workerConnection?.disconnect();
  for (const node of nodes) node.kill('SIGTERM');
  await Promise.all(nodes.map((node) => new Promise((resolve) => (node.exitCode !== null ? resolve(null) : node.once('exit', resolve)))));
  rmSync(dir, { recursive: true, force: true });
});

describe('Redis Cluster', () => {
  it('makes cluster clients when asked', () => {
    expect(producer).toBeInstanceOf(Cluster);
    expect(workerConnection).toBeInstanceOf(Cluster);
  });

  it('relays outbox rows to a federal queue and a worker completes them, every key in the hash tag slot on one node', async () => {
    const ids = Array.from({ length: 50 }, (_, i) => `ver_cluster_${i}`);
    const jobs = ids.map((verificationId, i) =>
      jobForOutboxRow({ id: String(i), topic: OUTBOX_TOPICS.federalTransfer, payload: { verificationId, source: 'ssa', round: 0, correlationId: 'c' } }),
    );
    await queues.get(federalQueueName('ssa')).addBulk(jobs.map(({ name, data, opts }) => ({ name, data, opts })));

    const processed: string[] = [];
    const connection = workerConnection.duplicate();
    const worker = new Worker(federalQueueName('ssa'), async (job: Job) => void processed.push(job.data.verificationId), {
      connection,
      prefix: queues.prefix,
      concurrency: 10,
    });
    try {
      const done = await pollUntil(async () => [...processed], (list) => list.length >= ids.length, 15_000, 50);
      expect(done.sort()).toEqual([...ids].sort());
      expect(jobs.every((job) => job.name === FEDERAL_TRANSFER_JOB)).toBe(true);
    } finally {
      await worker.close();
      connection.disconnect();
    }

    // Multi-key Lua scripts work on a cluster only when their keys share a slot: the `{prefix}` tag makes it so.
    const masters = (workerConnection as unknown as Cluster).nodes('master');
    const keysPerNode = await Promise.all(masters.map(async (node) => (await node.keys(`${queues.prefix}*`)).length));
    expect(keysPerNode.filter((count) => count > 0)).toHaveLength(1);
  });
});
