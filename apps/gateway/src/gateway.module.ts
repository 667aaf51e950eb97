import { DynamicModule, Module } from '@nestjs/common';
import { HubCoreModule, VerificationPresenter } from '@dxhub/hub-core';
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
  static forRoot(config: GatewayConfig): DynamicModule {
    // TLS_* are set all together or not at all; when set the gateway serves mutual TLS and binds submitter keys to certificates.
    const clientCertificates = config.TLS_CA !== undefined;
    return {
      module: GatewayModule,
      imports: [HubCoreModule.forRoot({ processName: 'gateway', env: config, redisRole: 'producer', clientCertificates })],
      controllers: [VerificationsController, ServicesController, BatchesController],
      providers: [VerificationIntakeService, VerificationPresenter, PreviousStepResolver, VerificationReader, ReceivedVerifications, BatchIntakeService, BatchResults],
    };
  }
}
