import { Injectable } from '@nestjs/common';
import { FAULT_TARGETS, FaultConfig, FaultMap, FaultSource, FaultTarget } from './fault-config';

/** The chaos faults currently configured, per source and for `*`. */
@Injectable()
export class FaultStore {
  private faults = emptyMap();

  all(): FaultMap {
    return structuredClone(this.faults);
  }

  /** Each given target's config replaces the previous one; targets not given keep theirs. */
  replace(entries: Partial<Record<FaultTarget, FaultConfig>>): FaultMap {
    for (const target of FAULT_TARGETS) {
      const config = entries[target];
      if (config) this.faults[target] = structuredClone(config);
    }
    return this.all();
  }

  /** A source's own settings over those of `*`, field by field. */
  effective(source: FaultSource): FaultConfig {
    return { ...this.faults['*'], ...this.faults[source] };
  }

  reset(): void {
    this.faults = emptyMap();
  }
}

const emptyMap = (): FaultMap => Object.fromEntries(FAULT_TARGETS.map((target) => [target, {}])) as FaultMap;
