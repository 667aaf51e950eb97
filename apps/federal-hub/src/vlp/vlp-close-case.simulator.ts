import { Injectable } from '@nestjs/common';
import { ResponseMetadata, SUCCESS_METADATA } from '../errors/hub-response-codes';
import { validRequest } from '../hub/federal-schemas';
import { ServiceSimulator, Subject } from '../hub/service-simulator';
import { readCaseNumber } from './vlp-case-number';
import { UNKNOWN_CASE, WEB_SERVICE_VERSION } from './vlp-response-codes';
import { vlpSchema } from './vlp.schemas';
import { CaseAcknowledgement, CaseActionRequest } from './vlp.types';

interface CloseCaseResponse {
  closeCaseResponse: { responseMetadata: ResponseMetadata; closeCaseResponseSet?: CaseAcknowledgement };
}

/** VLP close case: DHS closes any case it issued (again, harmlessly, if already closed); an unknown one is HE030001. */
@Injectable()
export class VlpCloseCaseSimulator implements ServiceSimulator<CaseActionRequest> {
  readonly service = 'vlp-close-case';
  readonly source = 'dhs';
  private readonly validateRequest = vlpSchema('VLP-CloseCase-Request-schema.json');

  parse(body: unknown): CaseActionRequest {
    return validRequest<{ closeCaseRequest: CaseActionRequest }>(this.validateRequest, body).closeCaseRequest;
  }

  subjects(request: CaseActionRequest): Subject[] {
    return [{ key: request.caseNumber, lastName: request.lastName ?? '' }];
  }

  answer(request: CaseActionRequest): CloseCaseResponse {
    if (!readCaseNumber(request.caseNumber)) return this.failure(UNKNOWN_CASE);
    return {
      closeCaseResponse: { responseMetadata: SUCCESS_METADATA, closeCaseResponseSet: { caseNumber: request.caseNumber, webServSftwrVer: WEB_SERVICE_VERSION } },
    };
  }

  failure(responseMetadata: ResponseMetadata): CloseCaseResponse {
    return { closeCaseResponse: { responseMetadata } };
  }
}
