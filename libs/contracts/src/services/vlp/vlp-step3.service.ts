import { vlpCaseStepService } from './vlp-case-step';
import { VLP_AGENCY_ACTION } from './vlp-determination';

export const vlpStep3 = vlpCaseStepService({
  step: 3,
  previousService: 'vlp-step2',
  askedBy: VLP_AGENCY_ACTION.thirdVerification,
  initiateRoot: 'initiateThirdVerification',
  description:
    'Verify Lawful Presence step 3 (DHS third verification), asynchronous: for a vlp-step2 whose agencyAction is InitiateThirdVerif. The verification awaits DHS (10-20 days in production) and completes with its determination.',
});
