import { vlpCaseStepService } from './vlp-case-step';
import { VLP_AGENCY_ACTION } from './vlp-determination';

export const vlpStep2 = vlpCaseStepService({
  step: 2,
  previousService: 'vlp-step1',
  askedBy: VLP_AGENCY_ACTION.additionalVerification,
  initiateRoot: 'initiateAdditionalVerification',
  description:
    'Verify Lawful Presence step 2 (DHS additional verification), asynchronous: for a vlp-step1 whose agencyAction is InitiateAdditionalVerif. The verification awaits DHS (2-5 days in production) and completes with its determination.',
});
