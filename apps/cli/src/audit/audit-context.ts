import { userInfo } from 'node:os';
import { DataSource } from 'typeorm';
import { auditSealKeyFromBase64, CheckpointStore, checkpointPublicKey, JournalExport, JournalReads, JournalTimeline, JournalVerifier, ReadAbout } from '@dxhub/audit';
import { AuditEventRepository, AuditReplayRepository, AuditRow, dataSourceOptions } from '@dxhub/persistence';
import type { Principal } from '@dxhub/security';
import { actorOf } from '@dxhub/security';
import { cliAuditJournal } from '../admin-context';
import type { CliConfig } from '../cli.config';

/** The journal's use cases wired by hand for one command, each read journaled as the CLI's auditor. */
export interface JournalTools {
  verifier: JournalVerifier;
  exporter: JournalExport;
  timeline: JournalTimeline;
  checkpoints: CheckpointStore;
  replays: AuditReplayRepository;
  trustedKey: ReturnType<typeof checkpointPublicKey>;
  actor: string;
  /** Journals an `audit.read` by this command. */
  recordRead(message: Record<string, unknown>, about?: ReadAbout): Promise<void>;
  prepareRead(message: Record<string, unknown>, about?: ReadAbout): AuditRow;
}

/** Someone with the CLI and the database's credentials reads the journal as an auditor; the OS user names who. */
export function cliAuditor(): Principal {
  return { credentialId: `cli:${userInfo().username}`, role: 'auditor', exchangeId: null };
}

export async function withJournal<T>(config: CliConfig, work: (tools: JournalTools) => Promise<T>): Promise<T> {
  const dataSource = await new DataSource(dataSourceOptions(config.DATABASE_URL, 3)).initialize();
  try {
    const journal = cliAuditJournal(config);
    const events = new AuditEventRepository(dataSource);
    const checkpoints = new CheckpointStore(dataSource);
    const actor = actorOf(cliAuditor());
    const reads = new JournalReads(events, journal);
    return await work({
      verifier: new JournalVerifier(dataSource, auditSealKeyFromBase64(config.AUDIT_SEAL_KEY), checkpoints),
      exporter: new JournalExport(events, journal),
      timeline: new JournalTimeline(events, journal),
      checkpoints,
      replays: new AuditReplayRepository(dataSource),
      trustedKey: checkpointPublicKey(config.AUDIT_CHECKPOINT_PUBLIC_KEY),
      actor,
      prepareRead: (message, about) => reads.prepare(actor, message, about),
      recordRead: (message, about) => reads.record(actor, message, about),
    });
  } finally {
    await dataSource.destroy();
  }
}
