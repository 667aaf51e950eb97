import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditJournal, AuditModule } from '@dxhub/audit';
import { REDIS, RedisModule } from '@dxhub/messaging';
import { AuditEventRepository, PersistenceModule, TenantRepository } from '@dxhub/persistence';
import { databaseCheck, LoggingModule, ObservabilityModule, redisCheck } from '@dxhub/platform';
import { PiiCipher, SecurityModule } from '@dxhub/security';
import { TenantAdminService } from '@dxhub/tenancy';
import { AdminController } from './admin/admin.controller';
import type { ConsoleConfig } from './console.config';

/** The internal API (and later the web UI) for administrators, operators and auditors. */
@Module({})
export class ConsoleModule {
  static forRoot(config: ConsoleConfig): DynamicModule {
    return {
      module: ConsoleModule,
      imports: [
        LoggingModule.forRoot({ processName: 'console', level: config.LOG_LEVEL }),
        PersistenceModule.forRoot(config.DATABASE_URL, config.DATABASE_POOL_SIZE),
        RedisModule.forRoot(config.REDIS_URL, 'producer', 'dxhub-console'),
        SecurityModule.forRoot({
          piiEncryptionKey: config.PII_ENCRYPTION_KEY,
          blindIndexKey: config.PII_BLIND_INDEX_KEY,
          adminToken: config.HUB_ADMIN_TOKEN,
        }),
        AuditModule,
        ObservabilityModule.forRoot({ inject: [DataSource, REDIS], useFactory: (db, redis) => [databaseCheck(db), redisCheck(redis)] }),
      ],
      controllers: [AdminController],
      providers: [
        {
          provide: TenantAdminService,
          useFactory: (tenants: TenantRepository, audit: AuditEventRepository, journal: AuditJournal, cipher: PiiCipher) =>
            new TenantAdminService(tenants, audit, journal, cipher, config.NODE_ENV === 'production'),
          inject: [TenantRepository, AuditEventRepository, AuditJournal, PiiCipher],
        },
      ],
    };
  }
}
