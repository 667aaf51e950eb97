import type { ValidateFunction } from 'ajv';
import { ResponseMetadata, SUCCESS_METADATA } from '../errors/hub-response-codes';
import { validRequest } from '../hub/federal-schemas';
import { ServiceSimulator, Subject } from '../hub/service-simulator';
import { Clock } from '../runtime/clock';
import { CaseInitiations } from './vlp-case-initiations';
import { readCaseNumber } from './vlp-case-number';
import { CaseStep } from './vlp-case-step';
import { STEP_NOT_ASKED, UNKNOWN_CASE, WEB_SERVICE_VERSION } from './vlp-response-codes';
import { vlpSchema } from './vlp.schemas';
import { CaseAcknowledgement, CaseActionRequest } from './vlp.types';

type InitiateResponse = Record<string, { responseMetadata: ResponseMetadata; [set: string]: ResponseMetadata | CaseAcknowledgement }>;

/**
 * Initiates step 2 or 3 on a case: DHS acknowledges at once (and starts the clock of its resolution) when
 * the case is one the previous step sent here; else an HE answer at HTTP 200 (a business answer).
 */
export abstract class VlpCaseStepSimulator implements ServiceSimulator<CaseActionRequest> {
  abstract readonly service: string;
  readonly source = 'dhs';
  /** When each case was initiated; read by the case resolution simulator of the same step. */
  readonly initiations = new CaseInitiations();
  private readonly validateRequest: ValidateFunction;

  protected constructor(
    private readonly step: CaseStep,
    private readonly clock: Clock,
  ) {
    this.validateRequest = vlpSchema(step.initiateSchema);
  }

  parse(body: unknown): CaseActionRequest {
    return validRequest<Record<string, CaseActionRequest>>(this.validateRequest, body)[`${this.step.initiateRoot}Request`];
  }

  /** The message names the case, and the surname on it when the state gave one. */
  subjects(request: CaseActionRequest): Subject[] {
    return [{ key: request.caseNumber, lastName: request.lastName ?? '' }];
  }

  answer(request: CaseActionRequest): InitiateResponse {
    const facts = readCaseNumber(request.caseNumber);
    if (!facts) return this.failure(UNKNOWN_CASE);
    if (!(facts.digit in this.step.resolutions)) return this.failure(STEP_NOT_ASKED);
    this.initiations.initiate(request.caseNumber, this.clock.now());
    const acknowledgement: CaseAcknowledgement = { caseNumber: request.caseNumber, webServSftwrVer: WEB_SERVICE_VERSION };
    return { [`${this.step.initiateRoot}Response`]: { responseMetadata: SUCCESS_METADATA, [`${this.step.initiateRoot}ResponseSet`]: acknowledgement } };
  }

  failure(responseMetadata: ResponseMetadata): InitiateResponse {
    return { [`${this.step.initiateRoot}Response`]: { responseMetadata } };
  }
}
