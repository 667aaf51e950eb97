import { Inject, Injectable } from '@nestjs/common';
import { RANDOM_SOURCE, RandomSource } from '../runtime/random-source';
import { FaultSource } from './fault-config';
import { FaultStore } from './fault-store.service';

export interface Delivery {
  messageId: string;
  body: object;
}

/**
 * The `duplicateRate` fault: now and then the Hub delivers, instead of the answer to this call, the answer
 * it gave to an earlier call of the same service again (with that call's messageID), as a message
 * infrastructure that redelivers would. The caller must notice by the messageID, record it and ignore it.
 */
@Injectable()
export class DuplicateResponses {
  private readonly last = new Map<string, Delivery>();

  constructor(
    private readonly store: FaultStore,
    @Inject(RANDOM_SOURCE) private readonly random: RandomSource,
  ) {}

  deliver(source: FaultSource, service: string, fresh: Delivery): Delivery {
    const rate = this.store.effective(source).duplicateRate;
    const earlier = this.last.get(service);
    this.last.set(service, fresh);
    if (earlier && rate !== undefined && rate > 0 && this.random.next() < rate) return earlier;
    return fresh;
  }

  reset(): void {
    this.last.clear();
  }
}
