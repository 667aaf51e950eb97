import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditJournal } from '@dxhub/audit';
import { findService, isTerminal, ServiceDefinition, VerificationRequest, VerificationStatus } from '@dxhub/contracts';
import { classifyFederalFailure, FailureClass } from '@dxhub/messaging';
import { VerificationRepository, VerificationRow } from '@dxhub/persistence';
import { MetricsService } from '@dxhub/platform';
import { PiiCipher } from '@dxhub/security';
import { FederalHubClient, FederalReply } from '../federal/federal-hub.client';
import { FederalMessageValidator } from '../federal/federal-message-validator';
import { TransferAudit } from './transfer-audit';

export interface TransferAttempt {
  verificationId: string;
  /** This is the last attempt the retry policy allows: a retryable failure now fails the transfer. */
  isLastAttempt: boolean;
}

/** What the caller (the queue processor) should do next. */
export type TransferResult = 'done' | 'retry';

interface Failure {
  kind: FailureClass;
  code: string;
  message: string;
  httpStatus: number | null;
  responseCode: string | null;
}

/**
 * One attempt to carry a verification to the federal Hub and back. Claims it (guarded), records the
 * request, calls, then records the answer and the transition in one statement. A verification that is
 * already terminal, or claimed by nobody, is left alone.
 */
@Injectable()
export class FederalTransferService {
  private readonly logger = new Logger(FederalTransferService.name);
  private readonly calls;
  private readonly callSeconds;

  constructor(
    private readonly verifications: VerificationRepository,
    private readonly cipher: PiiCipher,
    private readonly journal: AuditJournal,
    private readonly client: FederalHubClient,
    private readonly validator: FederalMessageValidator,
    metrics: MetricsService,
  ) {
    this.calls = metrics.counter('dxhub_federal_calls_total', 'Calls to the federal Hub by source and result', ['source', 'result']);
    this.callSeconds = metrics.histogram('dxhub_federal_call_duration_seconds', 'Federal call latency by source', ['source']);
  }

  async attempt(transfer: TransferAttempt): Promise<TransferResult> {
    try {
      return await this.attemptOnce(transfer);
    } catch (error) {
      // An unexpected error (database, decryption, a defect) is retried like a federal failure; on the last
      // attempt the verification fails visibly instead of staying open with no job left to move it.
      if (!transfer.isLastAttempt) throw error;
      const row = await this.verifications.findById(transfer.verificationId);
      if (!row) throw error;
      await this.failWithoutCall(row, new TransferAudit(this.journal, row), `transfer error: ${(error as Error).message}`, 'DXHUB_TRANSFER_ERROR');
      return 'done';
    }
  }

  private async attemptOnce({ verificationId, isLastAttempt }: TransferAttempt): Promise<TransferResult> {
    const row = await this.verifications.findById(verificationId);
    if (!row || isTerminal(row.status as VerificationStatus)) return 'done';
    const definition = findService(row.service);
    const audit = new TransferAudit(this.journal, row);
    if (!definition) return this.failWithoutCall(row, audit, `unknown service ${row.service}`);

    const request = this.cipher.decryptJson<VerificationRequest>(row.requestEnc);
    const federalMessage = definition.federal.toRequest(request);
    const schemaProblem = this.validator.requestProblem(definition.service, federalMessage);
    if (schemaProblem) return this.failWithoutCall(row, audit, `federal request breaks the Hub schema: ${schemaProblem}`);

    const requestBytes = JSON.stringify(federalMessage);
    const messageId = randomUUID();
    const attemptNo = await this.verifications.startAttempt(row.id, messageId, audit.event('federal.request', requestBytes));
    if (attemptNo === null) return 'done';

    const stopTimer = this.callSeconds.startTimer({ source: definition.source });
    const reply = await this.client.send(definition.federal.path, requestBytes, messageId);
    stopTimer();
    const responseAudit = reply.answered ? [audit.event('federal.response', reply.rawBody)] : [];
    const failure = this.failureOf(definition, reply);

    this.calls.inc({ source: definition.source, result: failure?.kind ?? 'success' });
    if (!failure) {
      const { outcome, result, responseCode } = definition.federal.interpret((reply as { body: unknown }).body, request);
      await this.verifications.endAttempt({
        id: row.id,
        attempt: { messageId, httpStatus: (reply as { httpStatus: number }).httpStatus, responseCode, result: 'success', error: null },
        always: responseAudit,
        transition: {
          to: 'completed',
          outcome,
          responseCode,
          resultEnc: this.cipher.encryptJson(result),
          audit: [audit.event('verification.completed', { id: row.id, outcome, responseCode })],
        },
      });
      this.logger.log({ verificationId: row.id, attemptNo, outcome, responseCode }, 'federal transfer completed');
      return 'done';
    }

    const attempt = { messageId, httpStatus: failure.httpStatus, responseCode: failure.responseCode, result: failure.kind, error: failure.message };
    const giveUp = failure.kind === 'permanent' || isLastAttempt;
    this.logger.warn({ verificationId: row.id, attemptNo, code: failure.code, kind: failure.kind, giveUp }, `federal call failed: ${failure.message}`);
    if (!giveUp) {
      await this.verifications.endAttempt({ id: row.id, attempt, always: responseAudit });
      return 'retry';
    }
    const error = { code: failure.code, message: failure.message, source: definition.source, attempts: attemptNo };
    await this.verifications.endAttempt({
      id: row.id,
      attempt,
      always: responseAudit,
      transition: { to: 'failed', error, responseCode: failure.responseCode, audit: [audit.event('verification.failed', error)] },
    });
    return 'done';
  }

  private failureOf(definition: ServiceDefinition, reply: FederalReply): Failure | null {
    if (!reply.answered) {
      return { kind: 'retryable', code: 'FEDERAL_NO_ANSWER', message: reply.error, httpStatus: null, responseCode: null };
    }
    const { httpStatus, responseCode } = reply;
    if (httpStatus >= 200 && httpStatus < 300) {
      const problem = this.validator.responseProblem(definition.service, reply.body);
      if (!problem) return null;
      return { kind: 'retryable', code: 'FEDERAL_BAD_RESPONSE', message: `answer breaks the Hub schema: ${problem}`, httpStatus, responseCode };
    }
    const kind = classifyFederalFailure({ httpStatus, responseCode });
    const code = responseCode ?? `HTTP_${httpStatus}`;
    return { kind, code, message: `federal Hub answered HTTP ${httpStatus}${responseCode ? ` ${responseCode}` : ''}`, httpStatus, responseCode };
  }

  /** A transfer that cannot succeed (our own data or catalogue is wrong, or errors ran out the attempts): fail it visibly. */
  private async failWithoutCall(row: VerificationRow, audit: TransferAudit, message: string, code = 'DXHUB_INVALID_TRANSFER'): Promise<TransferResult> {
    this.logger.error({ verificationId: row.id }, message);
    const error = { code, message, source: row.source, attempts: row.attempts };
    const moved = await this.verifications.failWithoutAttempt(row.id, error, audit.event('verification.failed', error));
    if (!moved) this.logger.warn({ verificationId: row.id }, 'verification changed meanwhile; left as it is');
    return 'done';
  }
}
