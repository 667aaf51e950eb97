import { Queue } from 'bullmq';
import type Redis from 'ioredis';
import { AUDIT_REPLAYS_QUEUE, DELIVERIES_QUEUE, FEDERAL_SOURCES, federalQueueName, JOURNAL_QUEUE, MAINTENANCE_QUEUE } from '@dxhub/contracts';

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
