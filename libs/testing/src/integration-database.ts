import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditEventInput, AuditJournal, auditSealKeyFromBase64 } from '@dxhub/audit';
import { AuditRow, dataSourceOptions, newId, NewVerification, VerificationRepository, VerificationRow } from '@dxhub/persistence';
import { DEV_DEFAULTS, ProblemDetails, ProblemException } from '@dxhub/platform';
import { PiiCipher, piiKeyFromBase64 } from '@dxhub/security';
import { recreateDatabase } from './database-reset';

// Integration tests (*.integration.spec.ts) run against the real PostgreSQL named by DATABASE_URL, which
// test-env.ts points at dxhub_test: never the hub's own database.

export function integrationDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: integration tests need libs/testing/src/test-env.ts as a setup file');
  return url;
}

/** Drops, recreates and migrates the test database, then opens a data source on it. Destroy it in afterAll. */
export async function openIntegrationDatabase(poolSize = 10): Promise<DataSource> {
  const url = integrationDatabaseUrl();
  await recreateDatabase(url);
  return new DataSource(dataSourceOptions(url, poolSize)).initialize();
}

/** The cipher the tests use: the development key, never a production one. */
export function testPiiCipher(): PiiCipher {
  return new PiiCipher(piiKeyFromBase64(DEV_DEFAULTS.PII_ENCRYPTION_KEY));
}

/** The journal as the processes write it, with the development keys. */
export function testAuditJournal(cipher = testPiiCipher()): AuditJournal {
  return new AuditJournal(cipher, auditSealKeyFromBase64(DEV_DEFAULTS.AUDIT_SEAL_KEY));
}

/** Audit rows as the gateway and broker prepare them (digest of the message, message encrypted). */
export function testAuditRow(event: Partial<AuditEventInput> & Pick<AuditEventInput, 'kind'>, cipher = testPiiCipher()): AuditRow {
  return testAuditJournal(cipher).prepare({
    exchangeId: null,
    verificationId: null,
    actor: 'test:integration',
    correlationId: null,
    message: { test: true },
    ...event,
  });
}

/** The Redis of integration tests (REDIS_URL, a numbered db other than 0), which they may flush. */
export function integrationRedisUrl(): string {
  const url = process.env.REDIS_URL;
  if (!url || !/\/([1-9]\d*)$/.test(url)) throw new Error(`refusing to flush ${url}: integration tests use a numbered Redis db other than 0`);
  return url;
}

/** A verification received as the gateway stores it (request encrypted, its received event), through `repo`. */
export async function receiveTestVerification(
  repo: VerificationRepository,
  exchangeId: string,
  subject: { ssn: string; lastName: string },
  cipher = testPiiCipher(),
): Promise<{ verification: NewVerification; stored: VerificationRow }> {
  const verification: NewVerification = {
    id: newId.verification(),
    exchangeId,
    service: 'ssa-composite',
    source: 'ssa',
    reference: null,
    requestEnc: cipher.encryptJson({ subject }),
    ssnIndex: 'blind-index',
    ssnLast4: subject.ssn.slice(-4),
    idempotencyKey: null,
    requestHash: 'hash',
    correlationId: randomUUID(),
  };
  const audit = testAuditRow(
    { kind: 'verification.received', exchangeId, verificationId: verification.id, correlationId: verification.correlationId, message: { ssn: subject.ssn } },
    cipher,
  );
  const stored = await repo.insertReceived(verification, audit);
  if (!stored) throw new Error('setup: not inserted');
  return { verification, stored };
}

/** Verifications reference their exchange: create it first. */
export async function insertExchange(dataSource: DataSource, id: string, name = `Exchange ${id}`): Promise<void> {
  await dataSource.query('INSERT INTO exchanges (id, name) VALUES ($1, $2)', [id, name]);
}

/** `SELECT count(*) FROM <table> [WHERE ...]` as a number. */
export async function countRows(dataSource: DataSource, table: string, where = 'TRUE', params: unknown[] = []): Promise<number> {
  const [{ count }] = await dataSource.query(`SELECT count(*)::int AS count FROM ${table} WHERE ${where}`, params);
  return count;
}

/** The admin.action audit events of one action, their messages decrypted. */
export async function adminActions(dataSource: DataSource, action: string, cipher = testPiiCipher()) {
  const rows: Array<{ message_enc: string; actor: string; exchange_id: string | null }> = await dataSource.query(
    "SELECT message_enc, actor, exchange_id FROM audit_events WHERE kind = 'admin.action' ORDER BY seq",
  );
  const journal = testAuditJournal(cipher);
  return rows
    .map((r) => ({ actor: r.actor, exchangeId: r.exchange_id, message: JSON.parse(journal.readMessage(r.message_enc)) }))
    .filter((r) => r.message.action === action);
}

/** The problem a use case refused with (fails if it did not refuse, rethrows anything that is not a problem). */
export function problemOf(promise: Promise<unknown>): Promise<Omit<ProblemDetails, 'requestId'>> {
  return promise.then(
    () => {
      throw new Error('expected a problem');
    },
    (error: unknown) => {
      if (!(error instanceof ProblemException)) throw error;
      return error.problem;
    },
  );
}
