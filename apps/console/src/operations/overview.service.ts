import { Injectable } from '@nestjs/common';
import { FEDERAL_SOURCES, federalQueueName, VERIFICATION_STATUSES } from '@dxhub/contracts';
import { QueueRegistry, readCircuitStates } from '@dxhub/messaging';
import { OperationsRepository, OverviewNumbers } from '@dxhub/persistence';

export interface SourceOverview {
  source: string;
  /** Jobs waiting their turn or their retry (waiting + delayed + prioritized). */
  queueDepth: number;
  inFlight: number;
  lastHour: { calls: number; failures: number; failureRate: number | null };
  /** The last hour minute by minute, oldest first: 60 buckets, empty minutes as zeros (for the charts). */
  perMinute: { at: string; calls: number; failures: number }[];
  circuit: string;
}

export interface ExchangeOverview {
  exchangeId: string;
  total: number;
  byStatus: Record<string, number>;
}

export type Overview = Awaited<ReturnType<OverviewService['compute']>>;

const MINUTE = 60_000;
/** However many people watch the overview (each page load and each live stream), it is computed at most this often. */
export const OVERVIEW_MAX_AGE_MS = 2_000;

/** What operators look at first: where verifications stand, and how each federal source is doing. */
@Injectable()
export class OverviewService {
  private latest: { at: number; value: Promise<Overview> } | null = null;

  constructor(
    private readonly operations: OperationsRepository,
    private readonly queues: QueueRegistry,
  ) {}

  /** The overview, shared by every caller within OVERVIEW_MAX_AGE_MS (one computation in flight at a time). */
  overview(): Promise<Overview> {
    if (this.latest && Date.now() - this.latest.at < OVERVIEW_MAX_AGE_MS) return this.latest.value;
    const value = this.compute();
    this.latest = { at: Date.now(), value };
    // A failed computation is not shared: the next caller tries again.
    value.catch(() => {
      if (this.latest?.value === value) this.latest = null;
    });
    return value;
  }

  private async compute() {
    const [numbers, circuits, queueCounts] = await Promise.all([
      this.operations.overview(),
      readCircuitStates(this.queues.connection, this.queues.prefix),
      Promise.all(FEDERAL_SOURCES.map((source) => this.queues.get(federalQueueName(source)).getJobCounts('waiting', 'delayed', 'prioritized', 'active'))),
    ]);
    const now = Date.now();
    const sources: SourceOverview[] = FEDERAL_SOURCES.map((source, i) => {
      const counts = queueCounts[i];
      const perMinute = minuteBuckets(numbers, source, now);
      const calls = perMinute.reduce((sum, m) => sum + m.calls, 0);
      const failures = perMinute.reduce((sum, m) => sum + m.failures, 0);
      return {
        source,
        queueDepth: (counts.waiting ?? 0) + (counts.delayed ?? 0) + (counts.prioritized ?? 0),
        inFlight: counts.active ?? 0,
        lastHour: { calls, failures, failureRate: calls ? failures / calls : null },
        perMinute,
        circuit: circuits[source] ?? 'closed',
      };
    });
    const oldest = numbers.oldestOpen;
    return {
      generatedAt: new Date(now).toISOString(),
      byStatus: statusCounts(numbers.counts),
      byExchange: exchangeCounts(numbers.counts),
      oldestOpen: oldest
        ? { id: oldest.id, status: oldest.status, createdAt: oldest.createdAt.toISOString(), ageSeconds: Math.round((now - oldest.createdAt.getTime()) / 1000) }
        : null,
      sources,
    };
  }
}

function emptyStatuses(): Record<string, number> {
  return Object.fromEntries(VERIFICATION_STATUSES.map((status) => [status, 0]));
}

function statusCounts(counts: OverviewNumbers['counts']): Record<string, number> {
  const byStatus = emptyStatuses();
  for (const row of counts) byStatus[row.status] = (byStatus[row.status] ?? 0) + row.count;
  return byStatus;
}

/** Per exchange, busiest first. */
function exchangeCounts(counts: OverviewNumbers['counts']): ExchangeOverview[] {
  const byExchange = new Map<string, ExchangeOverview>();
  for (const row of counts) {
    const entry = byExchange.get(row.exchangeId) ?? { exchangeId: row.exchangeId, total: 0, byStatus: emptyStatuses() };
    entry.byStatus[row.status] = (entry.byStatus[row.status] ?? 0) + row.count;
    entry.total += row.count;
    byExchange.set(row.exchangeId, entry);
  }
  return [...byExchange.values()].sort((a, b) => b.total - a.total || a.exchangeId.localeCompare(b.exchangeId));
}

/** 60 one-minute buckets ending with the current minute; the query's rows fill the minutes that had calls. */
export function minuteBuckets(numbers: Pick<OverviewNumbers, 'lastHourByMinute'>, source: string, now: number) {
  const last = Math.floor(now / MINUTE) * MINUTE;
  const rows = new Map(numbers.lastHourByMinute.filter((m) => m.source === source).map((m) => [m.minute, m]));
  return Array.from({ length: 60 }, (_, i) => {
    const at = last - (59 - i) * MINUTE;
    const row = rows.get(at);
    return { at: new Date(at).toISOString(), calls: row?.calls ?? 0, failures: row?.failures ?? 0 };
  });
}
