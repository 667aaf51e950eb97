import { DynamicModule, Global, Module } from '@nestjs/common';
import { AUDIT_SEAL_KEY, AuditJournal } from './audit-journal';
import { auditSealKeyFromBase64 } from './audit-keys';
import { AuditChainer } from './chain/audit-chainer';
import { CheckpointStore } from './chain/checkpoint-store';
import { JournalExport } from './export/journal-export';
import { JournalVerifier } from './integrity/journal-verifier';
import { JournalReads } from './reads/journal-reads';
import { JournalTimeline } from './timeline/journal-timeline';

const PROVIDERS = [AuditJournal, AuditChainer, CheckpointStore, JournalVerifier, JournalExport, JournalTimeline, JournalReads];

/** The journal: sealing events as they are written, linking them, signed checkpoints and verification. */
@Global()
@Module({})
export class AuditModule {
  /** `sealKey`: AUDIT_SEAL_KEY, base64. */
  static forRoot(sealKey: string): DynamicModule {
    return {
      module: AuditModule,
      providers: [{ provide: AUDIT_SEAL_KEY, useValue: auditSealKeyFromBase64(sealKey) }, ...PROVIDERS],
      exports: [AUDIT_SEAL_KEY, ...PROVIDERS],
    };
  }
}
