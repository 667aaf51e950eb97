import { Injectable } from '@nestjs/common';
import { VerificationRequestValidator, VerificationResource } from '@dxhub/contracts';
import { VerificationPresenter } from '@dxhub/hub-core';
import { VerificationReader } from './verification-reader.service';
import { VerificationRepository, VerificationRow } from '@dxhub/persistence';
import { MetricsService, Problems } from '@dxhub/platform';
import { Principal } from '@dxhub/security';
import { PreviousStepResolver } from './previous-step.resolver';
import { ReceivedVerifications } from './received-verifications';
import { requestHash } from './request-hash';

export interface Submission {
  principal: Principal & { exchangeId: string };
  body: unknown;
  rawBody: Buffer;
  idempotencyKey: string | null;
  correlationId: string;
  /** 'amqp' when it came over the message broker: its results are also published to the exchange's reply routing key. */
  replyChannel?: 'amqp';
}

/**
 * Accepts a verification (Idempotent Receiver): validates it, and stores it with its outbox row and
 * audit event in one statement. The same Idempotency-Key with the same body returns the first
 * verification; with another body it is a conflict. Nothing invalid is stored.
 */
@Injectable()
export class VerificationIntakeService {
  private readonly validator = new VerificationRequestValidator();
  private readonly received;

  constructor(
    private readonly verifications: VerificationRepository,
    private readonly receivedVerifications: ReceivedVerifications,
    private readonly presenter: VerificationPresenter,
    private readonly reader: VerificationReader,
    private readonly previousSteps: PreviousStepResolver,
    metrics: MetricsService,
  ) {
    this.received = metrics.counter('dxhub_verifications_received_total', 'Verifications accepted by the gateway', ['service']);
  }

  async submit(submission: Submission): Promise<{ created: boolean; resource: VerificationResource }> {
    const validation = this.validator.validate(submission.body);
    if (!validation.ok) throw Problems.validation(validation.errors);
    const { request, definition } = validation;
    const { principal, idempotencyKey, correlationId } = submission;
    const hash = requestHash(request);

    // A key used before is found by the insert itself (it stores nothing then, and the earlier verification is
    // replayed below), so a new request does not pay a read first. A later step looks first: its check of the
    // previous step must not refuse, on a retry, what it accepted the first time.
    if (idempotencyKey && definition.previous) {
      const earlier = await this.verifications.findByIdempotencyKey(principal.exchangeId, idempotencyKey);
      if (earlier) return this.replay(submission, earlier, hash);
    }

    const previous = await this.previousSteps.resolve(definition, request, principal.exchangeId);
    const { verification, audit } = this.receivedVerifications.build({
      principal,
      definition,
      request,
      rawMessage: submission.rawBody,
      requestHash: hash,
      correlationId,
      idempotencyKey,
      previousVerificationId: previous?.id ?? null,
      replyChannel: submission.replyChannel ?? null,
    });
    const stored = await this.verifications.insertReceived(verification, audit);
    if (stored) {
      this.received.inc({ service: definition.service });
      // Just stored: queued, no result yet, so nothing of FTI to withhold or audit.
      return { created: true, resource: this.presenter.present(stored, { fti: 'show' }) };
    }

    // The key was used before, or by a concurrent request that won the race: answer as the second one.
    const winner = await this.verifications.findByIdempotencyKey(principal.exchangeId, idempotencyKey!);
    if (!winner) throw new Error('idempotency conflict without a stored verification');
    return this.replay(submission, winner, hash);
  }

  private async replay(submission: Submission, earlier: VerificationRow, hash: string): Promise<{ created: boolean; resource: VerificationResource }> {
    if (earlier.requestHash !== hash) {
      throw Problems.conflict('This Idempotency-Key was already used with a different body.', [
        { field: 'Idempotency-Key', message: 'was used with a different body' },
      ]);
    }
    // The earlier verification may be completed by now: shown like any read (FTI reads audited).
    return { created: false, resource: await this.reader.showOne(submission.principal, earlier, submission.correlationId) };
  }
}
