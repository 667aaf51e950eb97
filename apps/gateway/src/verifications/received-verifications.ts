import { Injectable } from '@nestjs/common';
import { AuditJournal } from '@dxhub/audit';
import { normalizeSsn, ServiceDefinition, ssnLast4, VerificationRequest } from '@dxhub/contracts';
import { AuditRow, newId, NewVerification } from '@dxhub/persistence';
import { actorOf, BlindIndex, PiiCipher, Principal } from '@dxhub/security';

export interface Received {
  principal: Principal & { exchangeId: string };
  definition: ServiceDefinition;
  /** The validated request (stored encrypted). */
  request: VerificationRequest;
  /** The exact bytes received (the request's body, or its batch line): the audit event's message. */
  rawMessage: Buffer;
  requestHash: string;
  correlationId: string;
  idempotencyKey?: string | null;
  previousVerificationId?: string | null;
  /** Where results go besides webhooks: 'amqp' for a request that came over the message-broker channel. */
  replyChannel?: 'amqp' | null;
}

/**
 * How a received verification is stored, in one place for POST /v1/verifications and for each batch line:
 * the request encrypted, the SSN only as a blind index and its last four, and its verification.received event.
 */
@Injectable()
export class ReceivedVerifications {
  constructor(
    private readonly cipher: PiiCipher,
    private readonly blindIndex: BlindIndex,
    private readonly journal: AuditJournal,
  ) {}

  build(received: Received): { verification: NewVerification; audit: AuditRow } {
    const { principal, definition, request, correlationId } = received;
    const ssn = definition.subjectSsn ? definition.subjectSsn(request) : request.subject?.ssn;
    const id = newId.verification();
    const fti = definition.fti === true;
    const verification: NewVerification = {
      id,
      exchangeId: principal.exchangeId,
      service: definition.service,
      source: definition.source,
      reference: request.reference ?? null,
      requestEnc: this.cipher.encryptJson(request),
      ssnIndex: ssn ? this.blindIndex.of(normalizeSsn(ssn)) : null,
      ssnLast4: ssn ? ssnLast4(ssn) : null,
      idempotencyKey: received.idempotencyKey ?? null,
      requestHash: received.requestHash,
      correlationId,
      previousVerificationId: received.previousVerificationId ?? null,
      fti,
      replyChannel: received.replyChannel ?? null,
    };
    const audit = this.journal.prepare({
      kind: 'verification.received',
      exchangeId: principal.exchangeId,
      verificationId: id,
      actor: actorOf(principal),
      correlationId,
      message: received.rawMessage,
      fti,
    });
    return { verification, audit };
  }
}
