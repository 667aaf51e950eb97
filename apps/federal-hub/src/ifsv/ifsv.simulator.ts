import { Injectable } from '@nestjs/common';
import { ResponseMetadata } from '../errors/hub-response-codes';
import { schemaViolation, validRequest } from '../hub/federal-schemas';
import { personSubject, ServiceSimulator, Subject } from '../hub/service-simulator';
import { answerHousehold } from './ifsv-answer';
import { loadIfsvSchemas } from './ifsv.schemas';
import { IfsvApplicant, IfsvRequest, IfsvResponse } from './ifsv.types';

/** Income and Family Size Verification (RJ9T): IRS tax return data for a tax household. Answers are FTI. */
@Injectable()
export class IfsvSimulator implements ServiceSimulator<IfsvRequest> {
  readonly service = 'ifsv';
  readonly source = 'irs';
  private readonly validateRequest = loadIfsvSchemas().request;

  parse(body: unknown): IfsvRequest {
    const request = validRequest<IfsvRequest>(this.validateRequest, body);
    requireOneTaxHousehold(request.ifsvRequest.applicantArray);
    return request;
  }

  subjects(request: IfsvRequest): Subject[] {
    return request.ifsvRequest.applicantArray.map(personSubject);
  }

  answer(request: IfsvRequest): IfsvResponse {
    return { ifsvResponse: { requestID: request.ifsvRequest.requestID, household: answerHousehold(request.ifsvRequest.applicantArray) } };
  }

  failure(responseMetadata: ResponseMetadata): IfsvResponse {
    return { ifsvResponse: { responseMetadataArray: [{ responseMetadata }] } };
  }
}

/** The schema allows any mix of categories; IRS answers about one tax filer, with at most one spouse. */
function requireOneTaxHousehold(applicants: IfsvApplicant[]): void {
  const count = (code: string) => applicants.filter((applicant) => applicant.taxFilerCategoryCode === code).length;
  if (count('PRIMARY') !== 1 || count('SPOUSE') > 1) {
    throw schemaViolation('/ifsvRequest/applicantArray must hold exactly one PRIMARY and at most one SPOUSE');
  }
}
