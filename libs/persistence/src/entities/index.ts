import { AuditEventEntity } from './audit-event.entity';
import { CredentialEntity } from './credential.entity';
import { DeliveryAttemptEntity, DeliveryEntity } from './delivery.entity';
import { ExchangeEntity } from './exchange.entity';
import { FederalAttemptEntity } from './federal-attempt.entity';
import { OutboxMessageEntity } from './outbox-message.entity';
import { VerificationEntity } from './verification.entity';

export { AuditEventEntity, CredentialEntity, DeliveryAttemptEntity, DeliveryEntity, ExchangeEntity, FederalAttemptEntity, OutboxMessageEntity, VerificationEntity };
export const ENTITIES = [ExchangeEntity, CredentialEntity, VerificationEntity, FederalAttemptEntity, OutboxMessageEntity, AuditEventEntity, DeliveryEntity, DeliveryAttemptEntity];
