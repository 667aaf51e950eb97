import { Injectable } from '@nestjs/common';
import { Delivery, DuplicateResponses } from '../faults/duplicate-responses.service';
import { FaultInjector } from '../faults/fault-injector.service';
import { ServiceRegistry } from './service-registry.service';
import { SubjectTriggers } from './subject-triggers.service';

/**
 * One call to a Hub service, past the access checks of HubAccessMiddleware: the source's chaos
 * faults, the request schema, the lastName triggers, then the service's deterministic answer.
 */
@Injectable()
export class HubService {
  constructor(
    private readonly registry: ServiceRegistry,
    private readonly faults: FaultInjector,
    private readonly triggers: SubjectTriggers,
    private readonly duplicates: DuplicateResponses,
  ) {}

  async call(service: string, body: unknown, messageId: string): Promise<Delivery> {
    const simulator = this.registry.get(service);
    await this.faults.apply(simulator.source);
    const request = simulator.parse(body);
    await this.triggers.apply(simulator.service, simulator.subjects(request));
    return this.duplicates.deliver(simulator.source, simulator.service, { messageId, body: simulator.answer(request) });
  }
}
