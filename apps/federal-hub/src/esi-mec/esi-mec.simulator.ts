import { Injectable } from '@nestjs/common';
import { ResponseMetadata } from '../errors/hub-response-codes';
import { schemaViolation, validRequest } from '../hub/federal-schemas';
import { personSubject, ServiceSimulator, Subject } from '../hub/service-simulator';
import { answerApplicant } from './esi-mec-answer';
import { loadEsiMecSchemas } from './esi-mec.schemas';
import { EsiApplicantRequest, EsiMecRequest, EsiMecResponse } from './esi-mec.types';

/** Verify ESI MEC (RJ14): OPM's employer-sponsored coverage eligibility, enrolment and premium. */
@Injectable()
export class EsiMecSimulator implements ServiceSimulator<EsiMecRequest> {
  readonly service = 'esi-mec';
  readonly source = 'opm';
  private readonly validateRequest = loadEsiMecSchemas().request;

  parse(body: unknown): EsiMecRequest {
    const request = validRequest<EsiMecRequest>(this.validateRequest, body);
    // The schema leaves the array optional; a request about nobody has no answer (the response needs one applicant).
    if (request.esiMECRequest.applicantRequestArray === undefined) {
      throw schemaViolation("/esiMECRequest is missing required property 'applicantRequestArray'");
    }
    applicants(request).forEach(requireOrderedPeriod);
    return request;
  }

  subjects(request: EsiMecRequest): Subject[] {
    return applicants(request).map(personSubject);
  }

  answer(request: EsiMecRequest): EsiMecResponse {
    // The envelope's metadata stays out of a successful answer: the schema calls the two mutually exclusive.
    return { esiMECResponse: { applicantResponseArray: applicants(request).map(answerApplicant) } };
  }

  failure(responseMetadata: ResponseMetadata): EsiMecResponse {
    return { esiMECResponse: { responseMetadata } };
  }
}

const applicants = (request: EsiMecRequest) => request.esiMECRequest.applicantRequestArray;

/** The schema cannot compare the two dates; a period that ends before it starts cannot be answered. */
function requireOrderedPeriod(applicant: EsiApplicantRequest, index: number): void {
  const { startDate, endDate } = applicant.requestedCoveragePeriod;
  if (endDate < startDate) {
    const at = `/esiMECRequest/applicantRequestArray/${index}/requestedCoveragePeriod`;
    throw schemaViolation(`${at} has an endDate before its startDate`);
  }
}
