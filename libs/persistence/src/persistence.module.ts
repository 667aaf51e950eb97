import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions } from './data-source-options';
import { AuditEventRepository } from './repositories/audit-event.repository';
import { AuditReplayRepository } from './repositories/audit-replay.repository';
import { BatchRepository } from './repositories/batch.repository';
import { DeliveryRepository } from './repositories/delivery.repository';
import { ReconciliationRepository } from './repositories/reconciliation.repository';
import { TenantRepository } from './repositories/tenant.repository';
import { VerificationRepository } from './repositories/verification.repository';

const REPOSITORIES = [VerificationRepository, TenantRepository, AuditEventRepository, ReconciliationRepository, DeliveryRepository, AuditReplayRepository, BatchRepository];

@Global()
@Module({})
export class PersistenceModule {
  static forRoot(databaseUrl: string, poolSize?: number): DynamicModule {
    return {
      module: PersistenceModule,
      imports: [TypeOrmModule.forRoot({ ...dataSourceOptions(databaseUrl, poolSize), retryAttempts: 3, retryDelay: 1000 })],
      providers: REPOSITORIES,
      exports: REPOSITORIES,
    };
  }
}
