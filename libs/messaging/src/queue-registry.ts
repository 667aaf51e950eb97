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

  /** Adds jobs bound for any of the queues: one `addBulk` per queue, all at once. */
  async addAll(jobs: JobToAdd[]): Promise<void> {
    const byQueue = new Map<string, JobToAdd[]>();
    for (const job of jobs) {
      const list = byQueue.get(job.queue);
      if (list) list.push(job);
      else byQueue.set(job.queue, [job]);
    }
    await Promise.all([...byQueue].map(([queue, list]) => this.get(queue).addBulk(list.map(({ name, data, opts }) => ({ name, data, opts })))));
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
