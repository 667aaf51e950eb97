import { Inject, Injectable } from '@nestjs/common';
import { HubError } from '../errors/hub-error';
import { HubCode } from '../errors/hub-response-codes';
import { FEDERAL_HUB_CONFIG, FederalHubConfig } from '../federal-hub.config';
import { CLOCK, Clock } from '../runtime/clock';
import { Subject } from './service-simulator';

const TRIGGERS = ['transient', 'sourcedown', 'rejected', 'slow'] as const;
type Trigger = (typeof TRIGGERS)[number];

/** Calls of a `Transient` subject that fail before one succeeds. */
const TRANSIENT_FAILURES = 2;

/**
 * The documented test subjects whose last name produces a failure (CONTRACT.md): `Transient`,
 * `Sourcedown`, `Rejected`, `Slow`. Calls are counted per service, trigger and subject key since
 * start or the last reset.
 */
@Injectable()
export class SubjectTriggers {
  private readonly calls = new Map<string, number>();

  constructor(
    @Inject(FEDERAL_HUB_CONFIG) private readonly config: FederalHubConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async apply(service: string, subjects: Subject[]): Promise<void> {
    // Every subject's call is counted before any trigger fires: a call about a household is a call for each
    // of its people, so two Transient members fail the same two calls, not two each in turn.
    const calls = subjects.flatMap((subject) => {
      const trigger = triggerOf(subject.lastName);
      return trigger ? [{ trigger, call: this.count(`${service}\n${trigger}\n${subject.key}`) }] : [];
    });
    for (const { trigger, call } of calls) await this.fire(trigger, call);
  }

  reset(): void {
    this.calls.clear();
  }

  private async fire(trigger: Trigger, call: number): Promise<void> {
    switch (trigger) {
      case 'transient':
        if (call <= TRANSIENT_FAILURES) throw new HubError(500, HubCode.hubException, 'Unexpected exception at the Hub');
        return;
      case 'sourcedown':
        throw new HubError(500, HubCode.sourceException, 'Unexpected exception at the trusted data source');
      case 'rejected':
        throw new HubError(400, HubCode.schemaValidation, 'The request was rejected by the trusted data source');
      case 'slow':
        if (call === 1) await this.clock.sleep(this.config.slowMs);
        return;
    }
  }

  // Counted when the call arrives, so a second call made while the first one hangs is already "the next".
  private count(key: string): number {
    const call = (this.calls.get(key) ?? 0) + 1;
    this.calls.set(key, call);
    return call;
  }
}

function triggerOf(lastName: string): Trigger | undefined {
  const name = lastName.trim().toLowerCase();
  return TRIGGERS.find((trigger) => trigger === name);
}
