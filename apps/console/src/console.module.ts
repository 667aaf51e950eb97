import { DynamicModule, Module } from '@nestjs/common';
import { AuditJournal, checkpointPublicKey } from '@dxhub/audit';
import type Redis from 'ioredis';
import { HubCoreModule, VerificationPresenter } from '@dxhub/hub-core';
import { QueueCloser, queuePrefix, QueueRegistry, REDIS } from '@dxhub/messaging';
import { AuditEventRepository, OperationsRepository, TenantRepository } from '@dxhub/persistence';
import { PiiCipher } from '@dxhub/security';
import { TenantAdminService } from '@dxhub/tenancy';
import { AdminController } from './admin/admin.controller';
import { AuditEventsController } from './audit/audit-events.controller';
import { AuditExportController } from './audit/audit-export.controller';
import { AuditIntegrityController } from './audit/audit-integrity.controller';
import { AuditReads } from './audit/audit-reads';
import { AuditReplaysController } from './audit/audit-replays.controller';
import { AuditTimelineController } from './audit/audit-timeline.controller';
import { AUDIT_TRUSTED_KEY } from './audit/audit-trust';
import type { ConsoleConfig } from './console.config';
import { DeliveryOperationsService } from './operations/delivery-operations.service';
import { FailedTransfersService } from './operations/failed-transfers.service';
import { OverviewService } from './operations/overview.service';
import { OperationsController } from './operations/operations.controller';
import { VerificationOperationsService } from './operations/verification-operations.service';
import { OperationsStreamController } from './operations/operations-stream.controller';
import { ReconciliationsController } from './reconciliation/reconciliations.controller';
import { SessionController, SessionSettings } from './session/session.controller';

/** The internal API and the web UI (served beside it: see ui/console-ui.ts) for administrators, operators and auditors. */
@Module({})
export class ConsoleModule {
  static forRoot(config: ConsoleConfig): DynamicModule {
    return {
      module: ConsoleModule,
      imports: [HubCoreModule.forRoot({ processName: 'console', env: config, redisRole: 'producer', sessions: { ttlSeconds: config.CONSOLE_SESSION_TTL_SECONDS } })],
      controllers: [
        AdminController,
        AuditEventsController,
        AuditIntegrityController,
        AuditExportController,
        AuditReplaysController,
        AuditTimelineController,
        ReconciliationsController,
        OperationsController,
        SessionController,
        OperationsStreamController,
      ],
      providers: [
        OperationsRepository,
        VerificationPresenter,
        FailedTransfersService,
        VerificationOperationsService,
        DeliveryOperationsService,
        OverviewService,
        AuditReads,
        { provide: AUDIT_TRUSTED_KEY, useValue: checkpointPublicKey(config.AUDIT_CHECKPOINT_PUBLIC_KEY) },
        { provide: SessionSettings, useValue: new SessionSettings(config.NODE_ENV === 'production', config.CONSOLE_SESSION_TTL_SECONDS) },
        {
          provide: QueueRegistry,
          useFactory: (redis: Redis) => new QueueRegistry(redis, queuePrefix(config.REDIS_PREFIX)),
          inject: [REDIS],
        },
        QueueCloser,
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
