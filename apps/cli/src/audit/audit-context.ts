import { userInfo } from 'node:os';
import { DataSource } from 'typeorm';
import { auditSealKeyFromBase64, CheckpointStore, checkpointPublicKey, JournalExport, JournalTimeline, JournalVerifier } from '@dxhub/audit';
import { AuditEventRepository, AuditReplayRepository, dataSourceOptions } from '@dxhub/persistence';
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
  recordRead(message: Record<string, unknown>, about?: { exchangeId?: string | null; verificationId?: string | null; fti?: boolean }): Promise<void>;
  prepareRead(message: Record<string, unknown>, exchangeId?: string | null): ReturnType<ReturnType<typeof cliAuditJournal>['prepare']>;
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
    const prepareRead = (message: Record<string, unknown>, exchangeId: string | null = null) =>
      journal.prepare({ kind: 'audit.read', exchangeId, verificationId: null, actor, correlationId: null, message });
    return await work({
      verifier: new JournalVerifier(dataSource, auditSealKeyFromBase64(config.AUDIT_SEAL_KEY), checkpoints),
      exporter: new JournalExport(events, journal),
      timeline: new JournalTimeline(events, journal),
      checkpoints,
      replays: new AuditReplayRepository(dataSource),
      trustedKey: checkpointPublicKey(config.AUDIT_CHECKPOINT_PUBLIC_KEY),
      actor,
      prepareRead,
      recordRead: (message, about = {}) =>
        events.append([
          journal.prepare({
            kind: 'audit.read',
            exchangeId: about.exchangeId ?? null,
            verificationId: about.verificationId ?? null,
            actor,
            correlationId: null,
            message,
            fti: about.fti,
          }),
        ]),
    });
  } finally {
    await dataSource.destroy();
  }
}
