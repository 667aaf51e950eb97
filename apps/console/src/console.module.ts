import { DynamicModule, Module } from '@nestjs/common';
import { AuditJournal } from '@dxhub/audit';
import { HubCoreModule } from '@dxhub/hub-core';
import { AuditEventRepository, TenantRepository } from '@dxhub/persistence';
import { PiiCipher } from '@dxhub/security';
import { TenantAdminService } from '@dxhub/tenancy';
import { AdminController } from './admin/admin.controller';
import type { ConsoleConfig } from './console.config';

/** The internal API (and later the web UI) for administrators, operators and auditors. */
@Module({})
export class ConsoleModule {
  static forRoot(config: ConsoleConfig): DynamicModule {
    return {
      module: ConsoleModule,
      imports: [HubCoreModule.forRoot({ processName: 'console', env: config, redisRole: 'producer' })],
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
