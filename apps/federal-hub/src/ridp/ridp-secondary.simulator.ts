import { Injectable } from '@nestjs/common';
import { ResponseMetadata, SUCCESS_METADATA } from '../errors/hub-response-codes';
import { ServiceSimulator, Subject } from '../hub/service-simulator';
import { chosenChoices } from './ridp-answers';
import { secondaryDecision } from './ridp-population';
import { RidpPrimarySimulator } from './ridp-primary.simulator';
import { parseRidpLeg, ridpFailure } from './ridp-request';
import { RidpTransactions } from './ridp-transactions';
import { loadRidpSchemas } from './ridp.schemas';
import { RidpRequest, RidpResponse, RidpSecondaryRequest } from './ridp.types';

const SESSION_TIMEOUT: ResponseMetadata = { responseCode: 'HE200041', responseText: 'Session timeout' };

/**
 * RIDP (RJ139) secondary leg: the answers to the questions of an RF2 session. A session that timed out, or
 * that Experian does not know, is a business answer (HTTP 200 HE200041, no decision): the person starts
 * again with a new primary request. Answering the same session again gets the same answer until it expires,
 * so a retried call is harmless.
 */
@Injectable()
export class RidpSecondarySimulator implements ServiceSimulator<RidpRequest> {
  readonly service = 'ridp-secondary';
  readonly source = 'experian';
  private readonly transactions: RidpTransactions;
  private readonly validateRequest = loadRidpSchemas().request;

  constructor(primary: RidpPrimarySimulator) {
    this.transactions = primary.transactions;
  }

  parse(body: unknown): RidpRequest {
    return parseRidpLeg(this.validateRequest, body, 'secondaryRequest');
  }

  /** The message carries no name: the session is the subject, named as its primary request named the person. */
  subjects(request: RidpRequest): Subject[] {
    const secondary = secondaryOf(request);
    const transaction = this.transactions.session(secondary.sessionIdentification, secondary.hubReferenceNumber);
    return [{ key: secondary.sessionIdentification, lastName: transaction?.surname ?? '' }];
  }

  answer(request: RidpRequest): RidpResponse {
    const secondary = secondaryOf(request);
    const transaction = this.transactions.session(secondary.sessionIdentification, secondary.hubReferenceNumber);
    if (!transaction || this.transactions.expired(transaction)) {
      return { ridpResponse: { responseMetadata: SESSION_TIMEOUT, hubReferenceNumber: secondary.hubReferenceNumber } };
    }
    const decision = secondaryDecision(chosenChoices(transaction.choiceCounts, secondary.verificationAnswerArray));
    return { ridpResponse: { responseMetadata: SUCCESS_METADATA, finalDecisionCode: decision, hubReferenceNumber: transaction.hubReferenceNumber } };
  }

  failure(responseMetadata: ResponseMetadata): RidpResponse {
    return ridpFailure(responseMetadata);
  }
}

const secondaryOf = (request: RidpRequest): RidpSecondaryRequest => request.ridpRequest.secondaryRequest!;
