import { Injectable } from '@nestjs/common';
import { PreviousStep, ServiceDefinition, VerificationRequest } from '@dxhub/contracts';
import { VerificationRepository } from '@dxhub/persistence';
import { Problems } from '@dxhub/platform';
import { PiiCipher } from '@dxhub/security';

const FIELD = 'previousVerificationId';

/**
 * Multi-step services continue an earlier verification of the same exchange: it must exist for the caller
 * (another exchange's is as good as absent), be of a service this step follows, be completed, and pass the
 * service's own checks against its result (e.g. only answers to the questions that were asked).
 */
@Injectable()
export class PreviousStepResolver {
  constructor(
    private readonly verifications: VerificationRepository,
    private readonly cipher: PiiCipher,
  ) {}

  async resolve(definition: ServiceDefinition, request: VerificationRequest, exchangeId: string): Promise<PreviousStep | undefined> {
    if (!definition.previous) return undefined;
    const { services, check } = definition.previous;
    const id = request.previousVerificationId;
    const row = id ? await this.verifications.findForExchange(id, exchangeId) : null;
    if (!id || !row) throw Problems.validation([{ field: FIELD, message: 'must name a verification of your exchange' }]);
    if (!services.includes(row.service)) throw Problems.validation([{ field: FIELD, message: `must name a ${services.join(' or ')} verification` }]);
    if (row.status !== 'completed') throw Problems.validation([{ field: FIELD, message: `must name a completed verification (it is ${row.status})` }]);
    const previous: PreviousStep = { id, service: row.service, result: row.resultEnc ? this.cipher.decryptJson(row.resultEnc) : null };
    const problems = check?.(request, previous) ?? [];
    if (problems.length) throw Problems.validation(problems);
    return previous;
  }
}
