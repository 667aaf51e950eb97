import type { LoggerService } from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import type Redis from 'ioredis';
import type { QueueRegistry } from './queue-registry';

export interface HousekeepingWorkerOptions {
  logger: Pick<LoggerService, 'error'>;
  /** One job at a time unless said otherwise: these queues hold the hub's own chores, not traffic. */
  concurrency?: number;
  lockDuration?: number;
}

/**
 * A worker for one of the hub's own queues (reconciliation, the journal's schedules, replays): its own
 * blocking connection, the hub's prefix, errors logged. Close it in onModuleDestroy.
 */
export function startHousekeepingWorker<T>(
  queues: QueueRegistry,
  redis: Redis,
  queue: string,
  process: (job: Job<T>) => Promise<unknown>,
  options: HousekeepingWorkerOptions,
): Worker<T> {
  const worker = new Worker<T>(queue, process, {
    connection: redis.duplicate(),
    prefix: queues.prefix,
    concurrency: options.concurrency ?? 1,
    ...(options.lockDuration ? { lockDuration: options.lockDuration } : {}),
  });
  worker.on('error', (error) => options.logger.error({ err: error }, `${queue} worker error`));
  return worker;
}
