import { DynamicModule, Module, Provider } from '@nestjs/common';
import { HubCoreModule, VerificationPresenter } from '@dxhub/hub-core';
import { amqpConnectionCheck, amqpUserOf, OutboxPublishingModule } from '@dxhub/messaging';
import type { HealthCheck } from '@dxhub/platform';
import { AMQP_REPLIES, AmqpIntakeService } from './amqp/amqp-intake.service';
import { AmqpReplies } from './amqp/amqp-replies';
import type { AmqpRequestServer } from './amqp/amqp-request.server';
import { AmqpRequestsController } from './amqp/amqp-requests.controller';
import { BatchIntakeService } from './batches/batch-intake.service';
import { BatchResults } from './batches/batch-results';
import { BatchesController } from './batches/batches.controller';
import { ServicesController } from './catalogue/services.controller';
import type { GatewayConfig } from './gateway.config';
import { PreviousStepResolver } from './verifications/previous-step.resolver';
import { ReceivedVerifications } from './verifications/received-verifications';
import { VerificationReader } from './verifications/verification-reader.service';
import { VerificationIntakeService } from './verifications/verification-intake.service';
import { VerificationsController } from './verifications/verifications.controller';

/** The public API for state exchange backends. */
@Module({})
export class GatewayModule {
  /** `amqp`: the message-broker channel's transport (main.ts connects it), or null when AMQP_URL is "off". */
  static forRoot(config: GatewayConfig, amqp: AmqpRequestServer | null = null): DynamicModule {
    // TLS_* are set all together or not at all; when set the gateway serves mutual TLS and binds submitter keys to certificates.
    const clientCertificates = config.TLS_CA !== undefined;
    return {
      module: GatewayModule,
      imports: [
        HubCoreModule.forRoot({ processName: 'gateway', env: config, redisRole: 'producer', clientCertificates, healthChecks: amqpHealth(amqp) }),
        // Intakes add their own transfer jobs (docs/architecture.md, the path of a verification).
        OutboxPublishingModule.forRoot(config.REDIS_PREFIX),
      ],
      controllers: [VerificationsController, ServicesController, BatchesController, ...(amqp ? [AmqpRequestsController] : [])],
      providers: [
        VerificationIntakeService,
        VerificationPresenter,
        PreviousStepResolver,
        VerificationReader,
        ReceivedVerifications,
        BatchIntakeService,
        BatchResults,
        ...amqpProviders(config, amqp),
      ],
    };
  }
}

function amqpProviders(config: GatewayConfig, amqp: AmqpRequestServer | null): Provider[] {
  if (!amqp) return [];
  return [AmqpIntakeService, { provide: AMQP_REPLIES, useValue: new AmqpReplies(amqpUserOf(config.AMQP_URL), amqp.replyQueues) }];
}

/** Configured means wanted: /health names RabbitMQ while the request queue is not being consumed. */
function amqpHealth(amqp: AmqpRequestServer | null): HealthCheck[] {
  if (!amqp) return [];
  return [amqpConnectionCheck(() => amqp.isConnected())];
}
