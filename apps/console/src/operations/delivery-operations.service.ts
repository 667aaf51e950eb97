import { Injectable } from '@nestjs/common';
import { AuditJournal } from '@dxhub/audit';
import { DeliveryRepository, VerificationRepository } from '@dxhub/persistence';
import { bodyValidator, Problems } from '@dxhub/platform';
import { Principal } from '@dxhub/security';
import { ReasonInput, reasonSchema } from './operations.schemas';
import { operatorAction } from './operator-action';

const validateReason = bodyValidator<ReasonInput>(reasonSchema);

/** The operators' re-drive of a webhook delivery that kept failing (a failed transfer like any other). */
@Injectable()
export class DeliveryOperationsService {
  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly verifications: VerificationRepository,
    private readonly journal: AuditJournal,
  ) {}

  async retry(operator: Principal, id: string, body: unknown): Promise<{ id: string; status: 'pending'; verificationId: string | null }> {
    const { reason } = validateReason(body);
    const delivery = await this.deliveries.findById(id);
    if (!delivery) throw Problems.notFound('delivery');
    // A batch.completed delivery is about no one verification: the audit event names its exchange and batch.
    const verification = delivery.verificationId ? await this.verifications.findById(delivery.verificationId) : null;
    const message = { action: 'retry-delivery', deliveryId: id, ...(delivery.batchId && { batchId: delivery.batchId }), reason };
    const audit = operatorAction(this.journal, operator, verification, message, verification?.exchangeId ?? delivery.exchangeId);
    if (!(await this.deliveries.redriveFailed(id, audit))) {
      throw Problems.conflict(`Only a failed delivery can be retried; this one is ${delivery.status}.`, [{ field: 'id', message: `is ${delivery.status}` }]);
    }
    return { id, status: 'pending', verificationId: delivery.verificationId };
  }
}
