import { Inject, Injectable } from '@nestjs/common';
import { FEDERAL_HUB_CONFIG, FederalHubConfig } from '../federal-hub.config';
import { CLOCK, Clock } from '../runtime/clock';
import { VlpCaseResolutionSimulator } from './vlp-case-resolution.simulator';
import { STEP2 } from './vlp-case-step';
import { VlpCaseStepSimulator } from './vlp-case-step.simulator';

/** VLP step 2: initiate additional verification of a case step 1 sent to it. */
@Injectable()
export class VlpStep2Simulator extends VlpCaseStepSimulator {
  readonly service = 'vlp-step2';

  constructor(@Inject(CLOCK) clock: Clock) {
    super(STEP2, clock);
  }
}

/** VLP step 2 case resolution: final after `SIMULATOR_VLP_STEP2_DELAY_MS` (2-5 days at the real DHS). */
@Injectable()
export class VlpStep2ResolutionSimulator extends VlpCaseResolutionSimulator {
  readonly service = 'vlp-step2-resolution';

  constructor(@Inject(CLOCK) clock: Clock, @Inject(FEDERAL_HUB_CONFIG) config: FederalHubConfig, initiation: VlpStep2Simulator) {
    super(STEP2, clock, config.vlpStep2DelayMs, initiation.initiations);
  }
}
