import { Injectable } from '@nestjs/common';
import { ResponseMetadata, SUCCESS_METADATA } from '../errors/hub-response-codes';
import { schemaViolation, validRequest } from '../hub/federal-schemas';
import { personSubject, ServiceSimulator, Subject } from '../hub/service-simulator';
import { answerIndividual } from './ssa-composite-answer';
import { loadSsaCompositeSchemas } from './ssa-composite.schemas';
import { SsaCompositeRequest, SsaCompositeResponse, SsaIndividualRequest } from './ssa-composite.types';

/** SSA Composite (RJ3): SSN, citizenship, incarceration, death, Title II income, quarters of coverage. */
@Injectable()
export class SsaCompositeSimulator implements ServiceSimulator<SsaCompositeRequest> {
  readonly service = 'ssa-composite';
  readonly source = 'ssa';
  private readonly validateRequest = loadSsaCompositeSchemas().request;

  parse(body: unknown): SsaCompositeRequest {
    const request = validRequest<SsaCompositeRequest>(this.validateRequest, body);
    request.ssaCompositeRequest.ssaCompositeIndividualRequestArray.forEach(requireIncomeDates);
    return request;
  }

  subjects(request: SsaCompositeRequest): Subject[] {
    return individuals(request).map(personSubject);
  }

  answer(request: SsaCompositeRequest): SsaCompositeResponse {
    return {
      ssaCompositeResponse: { responseMetadata: SUCCESS_METADATA, ssaCompositeIndividualResponseArray: individuals(request).map(answerIndividual) },
    };
  }

  failure(responseMetadata: ResponseMetadata): SsaCompositeResponse {
    return { ssaCompositeResponse: { responseMetadata } };
  }
}

const individuals = (request: SsaCompositeRequest) => request.ssaCompositeRequest.ssaCompositeIndividualRequestArray;

/** The schema leaves the income dates optional; an income request cannot be answered without its date. */
function requireIncomeDates(individual: SsaIndividualRequest, index: number): void {
  const at = `/ssaCompositeRequest/ssaCompositeIndividualRequestArray/${index}`;
  const missing = (flag: boolean, date: string | undefined, name: string) => {
    if (flag && date === undefined) throw schemaViolation(`${at} is missing '${name}' for the income it requests`);
  };
  missing(individual.requestTitleIIMonthlyIncomeVerificationIndicator, individual.requestTitleIIMonthlyIncomeDate, 'requestTitleIIMonthlyIncomeDate');
  missing(individual.requestTitleIIAnnualIncomeVerificationIndicator, individual.requestTitleIIAnnualIncomeDate, 'requestTitleIIAnnualIncomeDate');
}
