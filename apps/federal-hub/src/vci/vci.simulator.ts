import { Injectable } from '@nestjs/common';
import { ResponseMetadata } from '../errors/hub-response-codes';
import { validRequest } from '../hub/federal-schemas';
import { personSubject, ServiceSimulator, Subject } from '../hub/service-simulator';
import { answerPerson } from './vci-answer';
import { loadVciSchemas } from './vci.schemas';
import { VciRequest, VciResponse } from './vci.types';

/** Verify Current Income (Equifax The Work Number): a person's employments and current income. */
@Injectable()
export class VciSimulator implements ServiceSimulator<VciRequest> {
  readonly service = 'vci';
  readonly source = 'equifax';
  private readonly validateRequest = loadVciSchemas().request;

  parse(body: unknown): VciRequest {
    return validRequest<VciRequest>(this.validateRequest, body);
  }

  subjects(request: VciRequest): Subject[] {
    return [personSubject(request.vciRequest)];
  }

  answer(request: VciRequest): VciResponse {
    return answerPerson(request.vciRequest.personSocialSecurityNumber);
  }

  failure(responseMetadata: ResponseMetadata): VciResponse {
    return { vciResponse: { responseMetadata } };
  }
}
