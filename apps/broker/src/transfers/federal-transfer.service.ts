import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditJournal } from '@dxhub/audit';
import {
  FederalCall,
  FederalContext,
  FederalPollOutboxPayload,
  findService,
  isPending,
  isTerminal,
  OUTBOX_TOPICS,
  ServiceDefinition,
  VerificationRequest,
  VerificationStatus,
} from '@dxhub/contracts';
import { classifyFederalFailure, FailureClass, pollDelay } from '@dxhub/messaging';
import { AttemptEndInput, VerificationRepository, VerificationRow } from '@dxhub/persistence';
import { MetricsService } from '@dxhub/platform';
import { PiiCipher } from '@dxhub/security';
import { FederalHubClient, FederalReply } from '../federal/federal-hub.client';
import { FederalMessageValidator } from '../federal/federal-message-validator';
import { CircuitBreakers } from '../federal/circuit-breakers';
import { ImmediateWebhooks } from '../deliveries/immediate-webhooks';
import { FEDERAL_SETTINGS, FederalSettings } from '../federal/federal-settings';
import { TransferAudit } from './transfer-audit';

export interface TransferAttempt {
  verificationId: string;
  /** The dispatch round of the job: a job of an older round does nothing (see FederalTransferJobData). */
  round: number;
  /** This is the last attempt the retry policy allows: a retryable failure now fails the transfer. */
  isLastAttempt: boolean;
  /** Set for a poll of an asynchronous service's result: which poll this is. */
  pollNo?: number;
}

/**
 * What the caller (the queue processor) should do next: nothing, retry with backoff (an attempt spent), or
 * wait this long without spending an attempt (the source's circuit is open).
 */
export type TransferResult = 'done' | 'retry' | { waitMs: number };

interface Failure {
  kind: FailureClass;
  code: string;
  message: string;
  httpStatus: number | null;
  responseCode: string | null;
}

/** What a transfer's log lines name (there is no logging context per job: FederalWorkers). */
const logIds = (row: VerificationRow) => ({ verificationId: row.id, correlationId: row.correlationId });

/** A verification ready for a federal call: its definition, decrypted request and context. */
interface Loaded {
  row: VerificationRow;
  definition: ServiceDefinition;
  request: VerificationRequest;
  context: FederalContext;
  audit: TransferAudit;
}

/**
 * One attempt to carry a verification to the federal Hub and back (or, for asynchronous services, one poll
 * for the result). Claims it (guarded), records the request, calls, then records the answer and the
 * transition in one statement. A verification that is already terminal, or claimed elsewhere, is left alone.
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
    @Inject(FEDERAL_SETTINGS) private readonly settings: Pick<FederalSettings, 'pollIntervalMs'>,
    private readonly circuits: CircuitBreakers,
    private readonly webhooks: ImmediateWebhooks,
  ) {
    this.calls = metrics.counter('dxhub_federal_calls_total', 'Calls to the federal Hub by source and result', ['source', 'result']);
    this.callSeconds = metrics.histogram('dxhub_federal_call_duration_seconds', 'Federal call latency by source', ['source']);
  }

  async attempt(transfer: TransferAttempt): Promise<TransferResult> {
    try {
      return transfer.pollNo ? await this.pollOnce(transfer) : await this.transferOnce(transfer);
    } catch (error) {
      // An unexpected error (database, decryption, a defect) is retried like a federal failure; on the last
      // attempt the verification fails visibly instead of staying open with no job left to move it.
      if (!transfer.isLastAttempt) throw error;
      const row = await this.verifications.findById(transfer.verificationId);
      if (!row) throw error;
      await this.failWithoutCall(row, this.auditOf(row), `transfer error: ${(error as Error).message}`, 'DXHUB_TRANSFER_ERROR');
      return 'done';
    }
  }

  private async transferOnce({ verificationId, round, isLastAttempt }: TransferAttempt): Promise<TransferResult> {
    const loaded = await this.load(verificationId, round, (status) => status === 'queued' || status === 'in_progress');
    if (!loaded) return 'done';
    const { row, definition, request, context, audit } = loaded;
    const message = definition.federal.toRequest(request, context);
    const schemaProblem = this.validator.requestProblem(definition.federal.schemas, message);
    if (schemaProblem) return this.failWithoutCall(row, audit, `federal request breaks the Hub schema: ${schemaProblem}`);

    return this.throughCircuit(definition.source, async (probe) => {
      const requestBytes = JSON.stringify(message);
      const messageId = randomUUID();
      const meta = { service: definition.service, path: definition.federal.path, messageId };
      const attemptNo = await this.verifications.startAttempt(row.id, round, messageId, audit.event('federal.request', requestBytes, meta));
      if (attemptNo === null) return 'done';
      return this.exchange(loaded, definition.federal, requestBytes, messageId, attemptNo, isLastAttempt, 0, probe);
    });
  }

  /** Calls only when the source's circuit lets it; otherwise the job waits, its attempt not spent. */
  private async throughCircuit(source: string, call: (probe: boolean) => Promise<TransferResult>): Promise<TransferResult> {
    const gate = this.circuits.decide(source);
    if (!gate.pass) return { waitMs: gate.retryInMs };
    try {
      return await call(gate.probe);
    } finally {
      if (gate.probe) this.circuits.releaseProbe(source);
    }
  }

  private async pollOnce({ verificationId, round, isLastAttempt, pollNo = 0 }: TransferAttempt): Promise<TransferResult> {
    const loaded = await this.load(verificationId, round, (status) => status === 'awaiting_federal');
    if (!loaded) return 'done';
    const { row, definition, request, context, audit } = loaded;
    const poll = definition.federal.poll;
    if (!poll) return this.failWithoutCall(row, audit, `${definition.service} has no way to fetch an asynchronous answer`);
    context.pending = row.resultEnc ? this.cipher.decryptJson(row.resultEnc) : {};
    const message = poll.toRequest(request, context);
    const schemaProblem = this.validator.requestProblem(poll.schemas, message);
    if (schemaProblem) return this.failWithoutCall(row, audit, `federal poll breaks the Hub schema: ${schemaProblem}`);

    return this.throughCircuit(definition.source, async (probe) => {
      const requestBytes = JSON.stringify(message);
      const messageId = randomUUID();
      const meta = { service: definition.service, path: poll.path, messageId, poll: true };
      if (!(await this.verifications.startPoll(row.id, round, messageId, audit.event('federal.request', requestBytes, meta)))) return 'done';
      return this.exchange(loaded, poll, requestBytes, messageId, row.attempts, isLastAttempt, pollNo, probe);
    });
  }

  /**
   * Loads a verification in one of the expected statuses and in the job's dispatch round, with everything a
   * federal message is built from.
   */
  private async load(verificationId: string, round: number, expected: (status: VerificationStatus) => boolean): Promise<Loaded | null> {
    const row = await this.verifications.findById(verificationId);
    const status = row?.status as VerificationStatus | undefined;
    if (!row || !status || isTerminal(status) || !expected(status) || row.round !== round) return null;
    const audit = this.auditOf(row);
    const definition = findService(row.service);
    if (!definition) {
      await this.failWithoutCall(row, audit, `unknown service ${row.service}`);
      return null;
    }
    const request = this.cipher.decryptJson<VerificationRequest>(row.requestEnc);
    const context: FederalContext = {};
    if (row.previousVerificationId) {
      const previous = await this.verifications.findById(row.previousVerificationId);
      context.previous = previous
        ? { id: previous.id, service: previous.service, result: previous.resultEnc ? this.cipher.decryptJson(previous.resultEnc) : null }
        : undefined;
    }
    return { row, definition, request, context, audit };
  }

  /** The call itself and what follows from its answer: completed, awaiting (with the next poll), retry or failed. */
  private async exchange(
    { row, definition, request, context, audit }: Loaded,
    call: FederalCall,
    requestBytes: string,
    messageId: string,
    attemptNo: number,
    isLastAttempt: boolean,
    pollNo: number,
    probe: boolean,
  ): Promise<TransferResult> {
    const stopTimer = this.callSeconds.startTimer({ source: definition.source });
    const reply = await this.client.send(call.path, requestBytes, messageId);
    stopTimer();
    // The response names the request it answers (messageId): replays pair them by it.
    const responseAudit = reply.answered
      ? [
          audit.event('federal.response', reply.rawBody, {
            service: definition.service,
            path: call.path,
            messageId,
            httpStatus: reply.httpStatus,
            // A redelivered earlier answer names its own call: not this request's answer.
            ...(reply.echoedMessageId ? { echoedMessageId: reply.echoedMessageId } : {}),
          }),
        ]
      : [];
    const failure = this.failureOf(call, reply, messageId);
    this.calls.inc({ source: definition.source, result: failure?.kind ?? 'success' });
    // Only transport failures count against the source; a business "no" or a rejection means it is up.
    this.circuits.record(definition.source, failure?.kind === 'retryable', probe);

    if (!failure) {
      const { httpStatus, body } = reply as Extract<FederalReply, { answered: true }>;
      const answer = call.interpret(body, request, context);
      const attempt = { messageId, httpStatus, responseCode: answer.responseCode, result: 'success' as const, error: null };
      if (isPending(answer)) {
        const nextPoll = pollNo + 1;
        const followUp: FederalPollOutboxPayload = {
          verificationId: row.id,
          source: row.source,
          round: row.round,
          correlationId: row.correlationId,
          pollNo: nextPoll,
          delayMs: pollDelay(this.settings.pollIntervalMs, nextPoll),
        };
        await this.verifications.endAttempt({
          id: row.id,
          attempt,
          always: responseAudit,
          transition: {
            to: 'awaiting_federal',
            responseCode: answer.responseCode,
            resultEnc: this.cipher.encryptJson(answer.result),
            audit: [],
            followUp: { topic: OUTBOX_TOPICS.federalPoll, payload: { ...followUp } },
          },
        });
        this.logger.log({ ...logIds(row), attemptNo, pollNo, nextPollInMs: followUp.delayMs }, 'federal answer pending');
        return 'done';
      }
      const { outcome, result, responseCode } = answer;
      await this.endWithResult({
        id: row.id,
        attempt,
        always: responseAudit,
        transition: {
          to: 'completed',
          outcome,
          responseCode,
          resultEnc: this.cipher.encryptJson(result),
          audit: [audit.event('verification.completed', { id: row.id, outcome, responseCode })],
        },
      });
      this.logger.log({ ...logIds(row), attemptNo, pollNo, outcome, responseCode }, 'federal transfer completed');
      return 'done';
    }

    const attempt = { messageId, httpStatus: failure.httpStatus, responseCode: failure.responseCode, result: failure.kind, error: failure.message };
    const giveUp = failure.kind === 'permanent' || isLastAttempt;
    this.logger.warn({ ...logIds(row), attemptNo, pollNo, code: failure.code, kind: failure.kind, giveUp }, `federal call failed: ${failure.message}`);
    if (!giveUp) {
      await this.verifications.endAttempt({ id: row.id, attempt, always: responseAudit });
      // Throttled: come back when the Hub said, without spending a retry on its rate limit.
      if (reply.answered && reply.retryAfterMs) return { waitMs: reply.retryAfterMs };
      return 'retry';
    }
    const error = { code: failure.code, message: failure.message, source: definition.source, attempts: attemptNo };
    await this.endWithResult({
      id: row.id,
      attempt,
      always: responseAudit,
      transition: { to: 'failed', error, responseCode: failure.responseCode, audit: [audit.event('verification.failed', error)] },
    });
    return 'done';
  }

  /** An attempt's end that ends the verification: its result's webhook is sent from here when it can be (ImmediateWebhooks). */
  private endWithResult(input: AttemptEndInput & { transition: NonNullable<AttemptEndInput['transition']> }): Promise<unknown> {
    return this.webhooks.afterEnd((sendHere) => this.verifications.endAttempt({ ...input, transition: { ...input.transition, sendWebhookHere: sendHere } }));
  }

  private failureOf(call: FederalCall, reply: FederalReply, sentMessageId: string): Failure | null {
    if (!reply.answered) {
      return { kind: 'retryable', code: 'FEDERAL_NO_ANSWER', message: reply.error, httpStatus: null, responseCode: null };
    }
    const { httpStatus, responseCode, echoedMessageId } = reply;
    if (echoedMessageId && echoedMessageId !== sentMessageId) {
      // A duplicate or stray delivery of another call's answer: recorded (audited), never applied.
      const message = `answer carries messageID ${echoedMessageId}, not this call's`;
      return { kind: 'retryable', code: 'FEDERAL_MISMATCHED_RESPONSE', message, httpStatus, responseCode };
    }
    if (httpStatus >= 200 && httpStatus < 300) {
      const problem = this.validator.responseProblem(call.schemas, reply.body);
      if (!problem) return null;
      return { kind: 'retryable', code: 'FEDERAL_BAD_RESPONSE', message: `answer breaks the Hub schema: ${problem}`, httpStatus, responseCode };
    }
    const kind = classifyFederalFailure({ httpStatus, responseCode });
    const code = responseCode ?? `HTTP_${httpStatus}`;
    return { kind, code, message: `federal Hub answered HTTP ${httpStatus}${responseCode ? ` ${responseCode}` : ''}`, httpStatus, responseCode };
  }

  private auditOf(row: VerificationRow): TransferAudit {
    return new TransferAudit(this.journal, row);
  }

  /** A transfer that cannot succeed (our own data or catalogue is wrong, or errors ran out the attempts): fail it visibly. */
  private async failWithoutCall(row: VerificationRow, audit: TransferAudit, message: string, code = 'DXHUB_INVALID_TRANSFER'): Promise<TransferResult> {
    this.logger.error(logIds(row), message);
    const error = { code, message, source: row.source, attempts: row.attempts };
    const moved = await this.verifications.failWithoutAttempt(row.id, error, audit.event('verification.failed', error));
    if (!moved) this.logger.warn(logIds(row), 'verification changed meanwhile; left as it is');
    return 'done';
  }
}
