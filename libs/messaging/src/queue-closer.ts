import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { QueueRegistry } from './queue-registry';

/** Closes the process's queues after its workers (onModuleDestroy) and before its Redis connection (onApplicationShutdown). */
@Injectable()
export class QueueCloser implements BeforeApplicationShutdown {
  constructor(private readonly queues: QueueRegistry) {}

  beforeApplicationShutdown(): Promise<void> {
    return this.queues.close();
  }
}
