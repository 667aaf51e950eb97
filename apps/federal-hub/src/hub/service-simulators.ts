import { Provider, Type } from '@nestjs/common';
import { EsiMecSimulator } from '../esi-mec/esi-mec.simulator';
import { NonEsiMecSimulator } from '../non-esi-mec/non-esi-mec.simulator';
import { SsaCompositeSimulator } from '../ssa-composite/ssa-composite.simulator';
import { FarsSimulator } from '../fars/fars.simulator';
import { RidpPrimarySimulator } from '../ridp/ridp-primary.simulator';
import { RidpSecondarySimulator } from '../ridp/ridp-secondary.simulator';
import { IfsvSimulator } from '../ifsv/ifsv.simulator';
import { VciSimulator } from '../vci/vci.simulator';
import { VlpCloseCaseSimulator } from '../vlp/vlp-close-case.simulator';
import { VlpStep1Simulator } from '../vlp/vlp-step1.simulator';
import { VlpStep2ResolutionSimulator, VlpStep2Simulator } from '../vlp/vlp-step2.simulator';
import { VlpStep3ResolutionSimulator, VlpStep3Simulator } from '../vlp/vlp-step3.simulator';
import { SERVICE_SIMULATORS, ServiceSimulator } from './service-simulator';

/** Every simulated service: a new service is one simulator class, listed here. */
export const SIMULATOR_CLASSES: Type<ServiceSimulator>[] = [SsaCompositeSimulator, EsiMecSimulator, NonEsiMecSimulator, RidpPrimarySimulator, RidpSecondarySimulator, FarsSimulator, IfsvSimulator, VciSimulator, VlpStep1Simulator, VlpStep2Simulator, VlpStep2ResolutionSimulator, VlpStep3Simulator, VlpStep3ResolutionSimulator, VlpCloseCaseSimulator];

export const serviceSimulatorsProvider: Provider = {
  provide: SERVICE_SIMULATORS,
  useFactory: (...simulators: ServiceSimulator[]) => simulators,
  inject: SIMULATOR_CLASSES,
};
