import { Inject, Injectable } from '@nestjs/common';
import { ResponseMetadata, SUCCESS_METADATA } from '../errors/hub-response-codes';
import { FEDERAL_HUB_CONFIG, FederalHubConfig } from '../federal-hub.config';
import { ServiceSimulator, Subject } from '../hub/service-simulator';
import { CLOCK, Clock } from '../runtime/clock';
import { farsDecision, primaryVerdict } from './ridp-population';
import { questionsFor } from './ridp-questions';
import { parseRidpLeg, ridpFailure } from './ridp-request';
import { RidpTransactions } from './ridp-transactions';
import { loadRidpSchemas } from './ridp.schemas';
import { RidpPrimaryRequest, RidpRequest, RidpResponse } from './ridp.types';

const CANNOT_FORMULATE_QUESTIONS: ResponseMetadata = { responseCode: 'HE000050', responseText: 'Cannot formulate questions for this consumer' };

/**
 * RIDP (RJ139) primary leg: Experian decides from the person's data, or asks 3-5 questions (RF2) that the
 * secondary leg answers. It issues the transactions the later legs refer to, so it holds them for those
 * legs too (the module registers simulators only).
 */
@Injectable()
export class RidpPrimarySimulator implements ServiceSimulator<RidpRequest> {
  readonly service = 'ridp-primary';
  readonly source = 'experian';
  readonly transactions: RidpTransactions;
  private readonly validateRequest = loadRidpSchemas().request;

  constructor(@Inject(CLOCK) clock: Clock, @Inject(FEDERAL_HUB_CONFIG) config: FederalHubConfig) {
    this.transactions = new RidpTransactions(clock, config.ridpSessionTtlMs);
  }

  parse(body: unknown): RidpRequest {
    return parseRidpLeg(this.validateRequest, body, 'primaryRequest');
  }

  subjects(request: RidpRequest): Subject[] {
    const primary = primaryOf(request);
    // Without an SSN (the schema allows it) the person is counted by the transaction the request makes.
    const key = primary.person.personSocialSecurityNumber ?? this.transactions.idsFor(primary).hubReferenceNumber;
    return [{ key, lastName: primary.person.personSurName }];
  }

  answer(request: RidpRequest): RidpResponse {
    const primary = primaryOf(request);
    const { hubReferenceNumber, sessionIdentification } = this.transactions.idsFor(primary);
    const verdict = primaryVerdict(primary);
    const questions = verdict.kind === 'questions' ? questionsFor(hubReferenceNumber, verdict.count) : [];
    this.transactions.issue({
      hubReferenceNumber,
      ...(questions.length ? { sessionIdentification } : {}),
      choiceCounts: questions.map((question) => question.verificationQuestionSet.verificationAnswerChoiceArray.length),
      farsDecision: farsDecision(primary),
      surname: primary.person.personSurName,
    });
    switch (verdict.kind) {
      case 'questions':
        return {
          ridpResponse: { responseMetadata: SUCCESS_METADATA, sessionIdentification, verificationQuestionArray: questions, finalDecisionCode: 'RF2', hubReferenceNumber },
        };
      case 'cannotFormulate':
        return { ridpResponse: { responseMetadata: CANNOT_FORMULATE_QUESTIONS, finalDecisionCode: 'RF1', hubReferenceNumber } };
      case 'decision':
        return { ridpResponse: { responseMetadata: SUCCESS_METADATA, finalDecisionCode: verdict.decision, hubReferenceNumber } };
    }
  }

  failure(responseMetadata: ResponseMetadata): RidpResponse {
    return ridpFailure(responseMetadata);
  }
}

const primaryOf = (request: RidpRequest): RidpPrimaryRequest => request.ridpRequest.primaryRequest!;
