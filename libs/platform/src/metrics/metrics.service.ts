import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

const EVENT_LOOP_SAMPLE_MS = 100;

/** One Prometheus registry per process; labels never carry PII or ids (bounded cardinality). */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly httpRequestSeconds = new Histogram({
    name: 'dxhub_http_request_duration_seconds',
    help: 'HTTP requests by method, route template and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  constructor() {
    // The event-loop delay is sampled every 100 ms, not prom-client's 10: its timer woke every process about
    // 100 times a second, idle or not, and on this project's virtual machines a wake-up is the dear part
    // (docs/scaling.md). A stall still shows in the histogram; only its resolution is coarser.
    collectDefaultMetrics({ register: this.registry, prefix: 'dxhub_', eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS });
  }

  counter(name: string, help: string, labelNames: string[] = []): Counter<string> {
    const existing = this.registry.getSingleMetric(name);
    return (existing as Counter<string>) ?? new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  histogram(name: string, help: string, labelNames: string[] = [], buckets?: number[]): Histogram<string> {
    const existing = this.registry.getSingleMetric(name);
    return (existing as Histogram<string>) ?? new Histogram({ name, help, labelNames, ...(buckets ? { buckets } : {}), registers: [this.registry] });
  }

  gauge(name: string, help: string, labelNames: string[] = []): Gauge<string> {
    const existing = this.registry.getSingleMetric(name);
    return (existing as Gauge<string>) ?? new Gauge({ name, help, labelNames, registers: [this.registry] });
  }
}
