import { Global, Module } from '@nestjs/common';
import { AuditJournal } from './audit-journal';

@Global()
@Module({ providers: [AuditJournal], exports: [AuditJournal] })
export class AuditModule {}
