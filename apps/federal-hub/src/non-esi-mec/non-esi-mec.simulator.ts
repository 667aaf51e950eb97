import { Injectable } from '@nestjs/common';
import { ResponseMetadata } from '../errors/hub-response-codes';
import { schemaViolation, validRequest } from '../hub/federal-schemas';
import { personSubject, ServiceSimulator, Subject } from '../hub/service-simulator';
import { answerIndividual } from './non-esi-mec-answer';
import { loadNonEsiMecSchemas } from './non-esi-mec.schemas';
import { NonEsiIndividualRequest, NonEsiMecRequest, NonEsiMecResponse } from './non-esi-mec.types';

/** Verify Non-ESI MEC (RJ31): the Hub's fan-out to Medicaid, CHIP, BHP, Medicare, VHA, TRICARE and Peace Corps. */
@Injectable()
export class NonEsiMecSimulator implements ServiceSimulator<NonEsiMecRequest> {
  readonly service = 'non-esi-mec';
  readonly source = 'cms-mec';
  private readonly validateRequest = loadNonEsiMecSchemas().request;

  parse(body: unknown): NonEsiMecRequest {
    const request = validRequest<NonEsiMecRequest>(this.validateRequest, body);
    // The schema leaves the array optional; a request about nobody has no answer (the response needs one individual).
    if (request.verifyNonESIMECRequest.individualRequestArray === undefined) {
      throw schemaViolation("/verifyNonESIMECRequest is missing required property 'individualRequestArray'");
    }
    individuals(request).forEach(requireOrderedPolicyDates);
    return request;
  }

  subjects(request: NonEsiMecRequest): Subject[] {
    return individuals(request).map(personSubject);
  }

  answer(request: NonEsiMecRequest): NonEsiMecResponse {
    // No envelope metadata on success: the schema makes it and the individuals mutually exclusive.
    return { verifyNonESIMECResponse: { individualResponseArray: individuals(request).map(answerIndividual) } };
  }

  failure(responseMetadata: ResponseMetadata): NonEsiMecResponse {
    return { verifyNonESIMECResponse: { responseMetadata } };
  }
}

const individuals = (request: NonEsiMecRequest) => request.verifyNonESIMECRequest.individualRequestArray;

/** The schema cannot compare the two dates; a period that ends before it starts cannot be answered. */
function requireOrderedPolicyDates(individual: NonEsiIndividualRequest, index: number): void {
  if (individual.insurancePolicyExpirationDate < individual.insurancePolicyEffectiveDate) {
    const at = `/verifyNonESIMECRequest/individualRequestArray/${index}`;
    throw schemaViolation(`${at} has an insurancePolicyExpirationDate before its insurancePolicyEffectiveDate`);
  }
}
