import { Queue } from 'bullmq';
import type Redis from 'ioredis';
import { AUDIT_REPLAYS_QUEUE, DELIVERIES_QUEUE, FEDERAL_SOURCES, federalQueueName, JOURNAL_QUEUE, MAINTENANCE_QUEUE } from '@dxhub/contracts';
import type { JobToAdd } from './outbox-dispatch';

/** Producer handles for every queue the hub has, on one shared connection. */
export class QueueRegistry {
  private readonly queues = new Map<string, Queue>();

  constructor(
    readonly connection: Redis,
    readonly prefix: string,
  ) {
    for (const source of FEDERAL_SOURCES) this.register(federalQueueName(source));
    this.register(MAINTENANCE_QUEUE);
    this.register(DELIVERIES_QUEUE);
    this.register(JOURNAL_QUEUE);
    this.register(AUDIT_REPLAYS_QUEUE);
  }

  get(name: string): Queue {
    const queue = this.queues.get(name);
    if (!queue) throw new Error(`unknown queue ${name}`);
    return queue;
  }

  /** Adds jobs bound for any of the queues: one call per queue, all at once. */
  async addAll(jobs: JobToAdd[]): Promise<void> {
    const byQueue = new Map<string, JobToAdd[]>();
    for (const job of jobs) {
      const list = byQueue.get(job.queue);
      if (list) list.push(job);
      else byQueue.set(job.queue, [job]);
    }
    await Promise.all([...byQueue].map(([queue, list]) => addTo(this.get(queue), list)));
  }

  all(): Queue[] {
    return [...this.queues.values()];
  }

  async close(): Promise<void> {
    await Promise.all(this.all().map((queue) => queue.close()));
  }

  private register(name: string): void {
    this.queues.set(name, new Queue(name, { connection: this.connection, prefix: this.prefix }));
  }
}

/**
 * One job goes in with `add` (one script call), several with `addBulk` (one pipeline). ioredis copies every
 * script BullMQ defines on the connection (64) onto each pipeline it builds, about 60 µs of CPU, and at low
 * load the gateway adds its intakes' jobs one at a time: `add` cost 182-379 µs of CPU a job here, `addBulk` of
 * one 295-512 µs, 80-150 µs more in each of six rounds (docs/scaling.md, ninth session).
 */
function addTo(queue: Queue, jobs: JobToAdd[]): Promise<unknown> {
  if (jobs.length === 1) return queue.add(jobs[0].name, jobs[0].data, jobs[0].opts);
  return queue.addBulk(jobs.map(({ name, data, opts }) => ({ name, data, opts })));
}
