import { Inject, Injectable } from '@nestjs/common';
import { HubError } from '../errors/hub-error';
import { HubCode } from '../errors/hub-response-codes';
import { SERVICE_SIMULATORS, ServiceSimulator } from './service-simulator';

@Injectable()
export class ServiceRegistry {
  private readonly byName: ReadonlyMap<string, ServiceSimulator>;

  constructor(@Inject(SERVICE_SIMULATORS) simulators: ServiceSimulator[]) {
    this.byName = new Map(simulators.map((simulator) => [simulator.service, simulator]));
  }

  find(service: string): ServiceSimulator | undefined {
    return this.byName.get(service);
  }

  get(service: string): ServiceSimulator {
    const simulator = this.find(service);
    // The name is the caller's: it is not echoed back.
    if (!simulator) throw new HubError(404, HubCode.schemaValidation, 'Unknown service');
    return simulator;
  }
}
