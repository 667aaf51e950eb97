import { userInfo } from 'node:os';
import { DataSource } from 'typeorm';
import { AuditJournal, auditSealKeyFromBase64 } from '@dxhub/audit';
import { AuditEventRepository, dataSourceOptions, TenantRepository } from '@dxhub/persistence';
import { piiCipherFrom, Principal } from '@dxhub/security';
import { TenantAdminService } from '@dxhub/tenancy';
import type { CliConfig } from './cli.config';

/** The CLI acts with database access, so it is an administrator; the OS user names who, in the audit log. */
export function cliPrincipal(): Principal {
  return { credentialId: `cli:${userInfo().username}`, role: 'admin', exchangeId: null };
}

export function cliPiiCipher(config: CliConfig) {
  return piiCipherFrom({
    piiEncryptionKey: config.PII_ENCRYPTION_KEY,
    piiEncryptionKeysPrevious: config.PII_ENCRYPTION_KEYS_PREVIOUS,
    blindIndexKey: config.PII_BLIND_INDEX_KEY,
  });
}

/** The journal as the CLI writes to it: the same cipher and seal key as the processes. */
export function cliAuditJournal(config: CliConfig): AuditJournal {
  return new AuditJournal(cliPiiCipher(config).cipher, auditSealKeyFromBase64(config.AUDIT_SEAL_KEY));
}

/** The admin use cases wired by hand (no Nest container needed for a one-shot command). */
export async function withTenantAdmin<T>(
  config: CliConfig,
  work: (admin: TenantAdminService, actor: Principal) => Promise<T>,
): Promise<T> {
  const dataSource = await new DataSource(dataSourceOptions(config.DATABASE_URL, 2)).initialize();
  try {
    const { cipher } = cliPiiCipher(config);
    const admin = new TenantAdminService(
      new TenantRepository(dataSource),
      new AuditEventRepository(dataSource),
      cliAuditJournal(config),
      cipher,
      config.NODE_ENV === 'production',
    );
    return await work(admin, cliPrincipal());
  } finally {
    await dataSource.destroy();
  }
}
