import { Injectable } from '@nestjs/common';
import { FaultMap } from '../faults/fault-config';
import { parseFaultMap } from '../faults/fault-map-validation';
import { DuplicateResponses } from '../faults/duplicate-responses.service';
import { FaultStore } from '../faults/fault-store.service';
import { RateLimiter } from '../faults/rate-limiter.service';
import { SubjectTriggers } from '../hub/subject-triggers.service';

@Injectable()
export class AdminService {
  constructor(
    private readonly faults: FaultStore,
    private readonly limiter: RateLimiter,
    private readonly triggers: SubjectTriggers,
    private readonly duplicates: DuplicateResponses,
  ) {}

  faultMap(): FaultMap {
    return this.faults.all();
  }

  replaceFaults(body: unknown): FaultMap {
    return this.faults.replace(parseFaultMap(body));
  }

  /** Back to a fresh start: no faults, full rate-limit buckets, per-subject call counts at zero, no answer to repeat. */
  reset(): void {
    this.faults.reset();
    this.limiter.reset();
    this.triggers.reset();
    this.duplicates.reset();
  }
}
