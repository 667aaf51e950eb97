import type { ValidateFunction } from 'ajv';
import { ResponseMetadata, SUCCESS_METADATA } from '../errors/hub-response-codes';
import { validRequest } from '../hub/federal-schemas';
import { ServiceSimulator, Subject } from '../hub/service-simulator';
import { Clock } from '../runtime/clock';
import { CaseInitiations } from './vlp-case-initiations';
import { readCaseNumber } from './vlp-case-number';
import { CaseStep } from './vlp-case-step';
import { determination } from './vlp-population';
import { CASE_IN_PROCESS, STEP_NOT_ASKED, STEP_NOT_INITIATED, UNKNOWN_CASE } from './vlp-response-codes';
import { vlpSchema } from './vlp.schemas';
import { CaseResolution } from './vlp.types';

interface ResolutionRequest {
  caseNumber: string;
}

type ResolutionResponse = Record<string, { responseMetadata: ResponseMetadata; [set: string]: ResponseMetadata | CaseResolution }>;

/**
 * Retrieves the resolution of step 2 or 3: "in process" (HS, no resolution) until the step's delay has
 * passed since the case was initiated, then DHS's final determination, decided by the case number.
 */
export abstract class VlpCaseResolutionSimulator implements ServiceSimulator<ResolutionRequest> {
  abstract readonly service: string;
  readonly source = 'dhs';
  private readonly validateRequest: ValidateFunction;

  protected constructor(
    private readonly step: CaseStep,
    private readonly clock: Clock,
    private readonly delayMs: number,
    private readonly initiations: CaseInitiations,
  ) {
    this.validateRequest = vlpSchema(step.resolutionSchema);
  }

  parse(body: unknown): ResolutionRequest {
    return validRequest<Record<string, ResolutionRequest>>(this.validateRequest, body)[`${this.step.resolutionRoot}Request`];
  }

  /**
   * None: the lastName triggers fire when a step is initiated (the message that names the person), not on
   * each poll for its resolution, as the real message carries the case number only.
   */
  subjects(): Subject[] {
    return [];
  }

  answer({ caseNumber }: ResolutionRequest): ResolutionResponse {
    const facts = readCaseNumber(caseNumber);
    if (!facts) return this.failure(UNKNOWN_CASE);
    const status = this.step.resolutions[facts.digit];
    if (!status) return this.failure(STEP_NOT_ASKED);
    const initiatedAt = this.initiations.when(caseNumber);
    if (initiatedAt === undefined) return this.failure(STEP_NOT_INITIATED);
    if (this.clock.now() - initiatedAt < this.delayMs) return this.failure(CASE_IN_PROCESS);
    const resolution: CaseResolution = {
      ...determination(status, caseNumber, facts.fiveYearBarAsked),
      lawfulPresenceVerifiedCode: status.lawfulPresenceVerifiedCode,
    };
    return { [`${this.step.resolutionRoot}Response`]: { responseMetadata: SUCCESS_METADATA, [`${this.step.resolutionRoot}ResponseSet`]: resolution } };
  }

  failure(responseMetadata: ResponseMetadata): ResolutionResponse {
    return { [`${this.step.resolutionRoot}Response`]: { responseMetadata } };
  }
}
