import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { FEDERAL_SOURCES } from '@dxhub/contracts';
import { CircuitBreaker, CircuitDecision, CircuitSettings, CircuitState, publishCircuitState, QueueRegistry } from '@dxhub/messaging';
import { MetricsService } from '@dxhub/platform';

export const CIRCUIT_SETTINGS = Symbol('CIRCUIT_SETTINGS');

const STATE_VALUE: Record<CircuitState, number> = { closed: 0, open: 1, half_open: 2 };

/** One circuit breaker per federal source in this broker process, its state exported as a metric. */
@Injectable()
export class CircuitBreakers {
  private readonly logger = new Logger(CircuitBreakers.name);
  private readonly breakers = new Map<string, CircuitBreaker>();

  constructor(@Inject(CIRCUIT_SETTINGS) settings: CircuitSettings, metrics: MetricsService, @Optional() queues?: QueueRegistry) {
    const gauge = metrics.gauge('dxhub_circuit_state', 'Circuit breaker per federal source: 0 closed, 1 open, 2 half-open', ['source']);
    for (const source of FEDERAL_SOURCES) {
      gauge.set({ source }, 0);
      const onChange = (state: CircuitState) => {
        gauge.set({ source }, STATE_VALUE[state]);
        this.logger.warn({ source, state }, `circuit for ${source} is ${state}`);
        if (queues) {
          publishCircuitState(queues.connection, queues.prefix, source, state).catch((error: Error) =>
            this.logger.warn(`could not publish the ${source} circuit state: ${error.message}`),
          );
        }
      };
      this.breakers.set(source, new CircuitBreaker(settings, Date.now, onChange));
      // A fresh broker starts closed: say so, over whatever a stopped one left behind.
      onChange('closed');
    }
  }

  decide(source: string): CircuitDecision {
    return this.of(source).decide();
  }

  record(source: string, failed: boolean, probe: boolean): void {
    this.of(source).record(failed, probe);
  }

  releaseProbe(source: string): void {
    this.of(source).releaseProbe();
  }

  states(): Record<string, CircuitState> {
    return Object.fromEntries([...this.breakers].map(([source, breaker]) => [source, breaker.state]));
  }

  private of(source: string): CircuitBreaker {
    const breaker = this.breakers.get(source);
    if (!breaker) throw new Error(`no circuit for source ${source}`);
    return breaker;
  }
}
