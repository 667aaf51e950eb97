import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditModule } from '@dxhub/audit';
import { REDIS, RedisModule } from '@dxhub/messaging';
import { PersistenceModule } from '@dxhub/persistence';
import { databaseCheck, LoggingModule, ObservabilityModule, redisCheck } from '@dxhub/platform';
import { SecurityModule } from '@dxhub/security';
import { ServicesController } from './catalogue/services.controller';
import type { GatewayConfig } from './gateway.config';
import { VerificationIntakeService } from './verifications/verification-intake.service';
import { VerificationPresenter } from './verifications/verification.presenter';
import { VerificationsController } from './verifications/verifications.controller';

/** The public API for state exchange backends. */
@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        LoggingModule.forRoot({ processName: 'gateway', level: config.LOG_LEVEL }),
        PersistenceModule.forRoot(config.DATABASE_URL, config.DATABASE_POOL_SIZE),
        RedisModule.forRoot(config.REDIS_URL, 'producer', 'dxhub-gateway'),
        SecurityModule.forRoot({
          piiEncryptionKey: config.PII_ENCRYPTION_KEY,
          blindIndexKey: config.PII_BLIND_INDEX_KEY,
          adminToken: config.HUB_ADMIN_TOKEN,
        }),
        AuditModule,
        ObservabilityModule.forRoot({ inject: [DataSource, REDIS], useFactory: (db, redis) => [databaseCheck(db), redisCheck(redis)] }),
      ],
      controllers: [VerificationsController, ServicesController],
      providers: [VerificationIntakeService, VerificationPresenter],
    };
  }
}
