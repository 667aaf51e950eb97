import { ImmigrationStatus, STEP2_RESOLUTION, STEP3_RESOLUTION } from './vlp-population';
import { VlpSchemaFile } from './vlp.schemas';

/** Step 2 (additional verification) or step 3 (third verification): the same exchange under other names. */
export interface CaseStep {
  step: 2 | 3;
  /** Root of the initiate messages: `<root>Request`, `<root>Response`, `<root>ResponseSet`. */
  initiateRoot: string;
  /** Root of the case resolution messages. */
  resolutionRoot: string;
  initiateSchema: VlpSchemaFile;
  resolutionSchema: VlpSchemaFile;
  /** The cases (by population digit) that the previous step sent here, and how DHS resolves them. */
  resolutions: Readonly<Record<number, ImmigrationStatus>>;
}

export const STEP2: CaseStep = {
  step: 2,
  initiateRoot: 'initiateAdditionalVerification',
  resolutionRoot: 'retrieveStep2CaseResolution',
  initiateSchema: 'VLP-Step2-Request-schema.json',
  resolutionSchema: 'VLP-Step2-Resolution-Request-schema.json',
  resolutions: STEP2_RESOLUTION,
};

export const STEP3: CaseStep = {
  step: 3,
  initiateRoot: 'initiateThirdVerification',
  resolutionRoot: 'retrieveStep3CaseResolution',
  initiateSchema: 'VLP-Step3-Request-schema.json',
  resolutionSchema: 'VLP-Step3-Resolution-Request-schema.json',
  resolutions: STEP3_RESOLUTION,
};
