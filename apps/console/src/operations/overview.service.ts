import { Injectable } from '@nestjs/common';
import { FEDERAL_SOURCES, federalQueueName, VERIFICATION_STATUSES } from '@dxhub/contracts';
import { QueueRegistry, readCircuitStates } from '@dxhub/messaging';
import { OperationsRepository } from '@dxhub/persistence';

export interface SourceOverview {
  source: string;
  /** Jobs waiting their turn or their retry (waiting + delayed + prioritized). */
  queueDepth: number;
  inFlight: number;
  lastHour: { calls: number; failures: number; failureRate: number | null };
  circuit: string;
}

/** What operators look at first: where verifications stand, and how each federal source is doing. */
@Injectable()
export class OverviewService {
  constructor(
    private readonly operations: OperationsRepository,
    private readonly queues: QueueRegistry,
  ) {}

  async overview() {
    const [numbers, circuits, queueCounts] = await Promise.all([
      this.operations.overview(),
      readCircuitStates(this.queues.connection, this.queues.prefix),
      Promise.all(FEDERAL_SOURCES.map((source) => this.queues.get(federalQueueName(source)).getJobCounts('waiting', 'delayed', 'prioritized', 'active'))),
    ]);
    const sources: SourceOverview[] = FEDERAL_SOURCES.map((source, i) => {
      const counts = queueCounts[i];
      const hour = numbers.lastHour.find((h) => h.source === source) ?? { calls: 0, failures: 0 };
      return {
        source,
        queueDepth: (counts.waiting ?? 0) + (counts.delayed ?? 0) + (counts.prioritized ?? 0),
        inFlight: counts.active ?? 0,
        lastHour: { calls: hour.calls, failures: hour.failures, failureRate: hour.calls ? hour.failures / hour.calls : null },
        circuit: circuits[source] ?? 'closed',
      };
    });
    return {
      byStatus: Object.fromEntries(VERIFICATION_STATUSES.map((status) => [status, numbers.byStatus[status] ?? 0])),
      oldestOpen: numbers.oldestOpenAt
        ? { createdAt: numbers.oldestOpenAt.toISOString(), ageSeconds: Math.round((Date.now() - numbers.oldestOpenAt.getTime()) / 1000) }
        : null,
      sources,
    };
  }
}
