import { Inject, Injectable } from '@nestjs/common';
import { FEDERAL_HUB_CONFIG, FederalHubConfig } from '../federal-hub.config';
import { CLOCK, Clock } from '../runtime/clock';
import { VlpCaseResolutionSimulator } from './vlp-case-resolution.simulator';
import { STEP3 } from './vlp-case-step';
import { VlpCaseStepSimulator } from './vlp-case-step.simulator';

/** VLP step 3: initiate third verification of the case step 2 sent to it. */
@Injectable()
export class VlpStep3Simulator extends VlpCaseStepSimulator {
  readonly service = 'vlp-step3';

  constructor(@Inject(CLOCK) clock: Clock) {
    super(STEP3, clock);
  }
}

/** VLP step 3 case resolution: final after `SIMULATOR_VLP_STEP3_DELAY_MS` (10-20 days at the real DHS). */
@Injectable()
export class VlpStep3ResolutionSimulator extends VlpCaseResolutionSimulator {
  readonly service = 'vlp-step3-resolution';

  constructor(@Inject(CLOCK) clock: Clock, @Inject(FEDERAL_HUB_CONFIG) config: FederalHubConfig, initiation: VlpStep3Simulator) {
    super(STEP3, clock, config.vlpStep3DelayMs, initiation.initiations);
  }
}
