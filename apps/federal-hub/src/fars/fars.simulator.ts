import { Injectable } from '@nestjs/common';
import { ResponseMetadata, SUCCESS_METADATA } from '../errors/hub-response-codes';
import { validRequest } from '../hub/federal-schemas';
import { ServiceSimulator, Subject } from '../hub/service-simulator';
import { RidpPrimarySimulator } from '../ridp/ridp-primary.simulator';
import { RidpTransactions } from '../ridp/ridp-transactions';
import { loadFarsSchemas } from './fars.schemas';
import { FarsRequest, FarsResponse } from './fars.types';

const UNKNOWN_REFERENCE: ResponseMetadata = { responseCode: 'HE200006', responseText: 'Reference Number does not exist in hub' };

/**
 * FARS (Fraud Archive Reporting Service): the Experian call centre's final decision on a proofing transaction
 * it was sent (RF1), by the transaction's hub reference number. The decision was fixed by the person the
 * primary leg proofed (docs/test-subjects.md); a reference number this Hub never issued
 * (or issued before a restart) is a business answer, HTTP 200 HE200006 with no decision.
 */
@Injectable()
export class FarsSimulator implements ServiceSimulator<FarsRequest> {
  readonly service = 'fars';
  readonly source = 'experian';
  private readonly transactions: RidpTransactions;
  private readonly validateRequest = loadFarsSchemas().request;

  constructor(primary: RidpPrimarySimulator) {
    this.transactions = primary.transactions;
  }

  parse(body: unknown): FarsRequest {
    return validRequest<FarsRequest>(this.validateRequest, body);
  }

  /** The message carries no name: the transaction is the subject, named as its primary request named the person. */
  subjects(request: FarsRequest): Subject[] {
    const { hubReferenceNumber } = request.farsRequest;
    return [{ key: hubReferenceNumber, lastName: this.transactions.find(hubReferenceNumber)?.surname ?? '' }];
  }

  answer(request: FarsRequest): FarsResponse {
    const { hubReferenceNumber } = request.farsRequest;
    const transaction = this.transactions.find(hubReferenceNumber);
    if (!transaction) return { farsResponse: { responseMetadata: UNKNOWN_REFERENCE, hubReferenceNumber } };
    return { farsResponse: { responseMetadata: SUCCESS_METADATA, hubReferenceNumber, finalDecisionCode: transaction.farsDecision } };
  }

  failure(responseMetadata: ResponseMetadata): FarsResponse {
    return { farsResponse: { responseMetadata } };
  }
}
