import { Provider, Type } from '@nestjs/common';
import { SsaCompositeSimulator } from '../ssa-composite/ssa-composite.simulator';
import { SERVICE_SIMULATORS, ServiceSimulator } from './service-simulator';

/** Every simulated service: a new service is one simulator class, listed here. */
export const SIMULATOR_CLASSES: Type<ServiceSimulator>[] = [SsaCompositeSimulator];

export const serviceSimulatorsProvider: Provider = {
  provide: SERVICE_SIMULATORS,
  useFactory: (...simulators: ServiceSimulator[]) => simulators,
  inject: SIMULATOR_CLASSES,
};
