import { DataSource } from 'typeorm';
import { AuditJournal } from '@dxhub/audit';
import { AuditEventRepository } from '@dxhub/persistence';
import { actorOf, PiiCipher, Principal } from '@dxhub/security';
import { columnName, ENCRYPTED_COLUMNS, EncryptedColumn, ROTATABLE_COLUMNS } from './encrypted-columns';

export interface ColumnKeyStatus {
  column: string;
  /** Values per key id. */
  keys: Record<string, number>;
}

export interface RotationProgress {
  column: string;
  /** Values re-encrypted so far, out of `total` found under an older key when the column was started. */
  done: number;
  total: number;
  /** Values a concurrent writer changed between our read and our update: left as that writer wrote them. */
  skipped: number;
  perSecond: number;
  finished: boolean;
}

export interface RotationSummary {
  currentKeyId: string;
  columns: { column: string; reencrypted: number; skipped: number }[];
  /** Values still under another key afterwards (written by a process not yet restarted with the new key): run again. */
  remaining: number;
  seconds: number;
}

const keyIdSql = (c: EncryptedColumn) => `split_part(${c.column}, '.', 2)`;

/**
 * Re-encrypts every stored envelope under the current PII key while the hub runs: per column, batches in primary-key
 * order, each one guarded UPDATE (a single statement, so one transaction) that only replaces a value still equal to
 * the ciphertext it read. A concurrent writer therefore always wins, and a rerun picks up whatever is left.
 */
export class PiiKeyRotation {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cipher: PiiCipher,
    private readonly journal: AuditJournal,
    private readonly auditEvents: AuditEventRepository,
  ) {}

  async status(): Promise<ColumnKeyStatus[]> {
    const statuses: ColumnKeyStatus[] = [];
    for (const c of ENCRYPTED_COLUMNS) {
      const rows: { keyId: string; count: number }[] = await this.dataSource.query(
        `SELECT ${keyIdSql(c)} AS "keyId", count(*)::int AS count FROM ${c.table} WHERE ${c.column} IS NOT NULL GROUP BY 1 ORDER BY 1`,
      );
      statuses.push({ column: columnName(c), keys: Object.fromEntries(rows.map((r) => [r.keyId, r.count])) });
    }
    return statuses;
  }

  async rotate(actor: Principal, batchSize: number, onProgress: (p: RotationProgress) => void = () => undefined): Promise<RotationSummary> {
    const started = Date.now();
    await this.refuseUnknownKeys();
    const columns: RotationSummary['columns'] = [];
    for (const c of ROTATABLE_COLUMNS) columns.push(await this.rotateColumn(c, batchSize, onProgress));
    const remaining = await this.countStale();
    const summary = { currentKeyId: this.cipher.currentKeyId, columns, remaining, seconds: (Date.now() - started) / 1000 };
    const message = { action: 'pii-keys.rotate', currentKeyId: summary.currentKeyId, columns, remaining };
    await this.auditEvents.append([
      this.journal.prepare({ kind: 'admin.action', exchangeId: null, verificationId: null, actor: actorOf(actor), correlationId: null, message }),
    ]);
    return summary;
  }

  /** Checked before anything is written, so a missing previous key stops the run instead of failing half-way. */
  private async refuseUnknownKeys(): Promise<void> {
    const unknown = (await this.status()).flatMap((s) =>
      Object.entries(s.keys)
        .filter(([keyId]) => !this.cipher.hasKey(keyId))
        .map(([keyId, count]) => `${count} in ${s.column} under key ${keyId}`),
    );
    if (unknown.length) {
      throw new Error(`values under keys that are not configured (add them to PII_ENCRYPTION_KEYS_PREVIOUS): ${unknown.join(', ')}`);
    }
  }

  private async rotateColumn(c: EncryptedColumn, batchSize: number, onProgress: (p: RotationProgress) => void) {
    const started = Date.now();
    const total = await this.countStale(c);
    let done = 0;
    let skipped = 0;
    // Keyset walk: ids are never empty and sequences start at 1, so these sort before every row.
    let after = c.primaryKeyType === 'text' ? '' : '0';
    for (;;) {
      const rows: { id: string; value: string }[] = await this.dataSource.query(
        `SELECT ${c.primaryKey}::text AS id, ${c.column} AS value FROM ${c.table}
          WHERE ${c.primaryKey} > $1::${c.primaryKeyType} AND ${c.column} IS NOT NULL AND ${keyIdSql(c)} <> $2
          ORDER BY ${c.primaryKey} LIMIT $3`,
        [after, this.cipher.currentKeyId, batchSize],
      );
      if (!rows.length) break;
      const fresh = rows.map((r) => this.reencrypt(c, r.id, r.value));
      const [{ updated }] = await this.dataSource.query(
        `WITH u AS (
           UPDATE ${c.table} AS t SET ${c.column} = v.fresh
             FROM unnest($1::${c.primaryKeyType}[], $2::text[], $3::text[]) AS v(id, old, fresh)
            WHERE t.${c.primaryKey} = v.id AND t.${c.column} = v.old
            RETURNING 1)
         SELECT count(*)::int AS updated FROM u`,
        [rows.map((r) => r.id), rows.map((r) => r.value), fresh],
      );
      done += updated;
      skipped += rows.length - updated;
      after = rows[rows.length - 1].id;
      onProgress({ column: columnName(c), done, total, skipped, perSecond: rate(done, started), finished: false });
    }
    onProgress({ column: columnName(c), done, total, skipped, perSecond: rate(done, started), finished: true });
    return { column: columnName(c), reencrypted: done, skipped };
  }

  private reencrypt(c: EncryptedColumn, id: string, envelope: string): string {
    try {
      return this.cipher.reencrypt(envelope);
    } catch (error) {
      // The row's id only: never the value.
      throw new Error(`cannot re-encrypt ${columnName(c)} of ${id}: ${error instanceof Error ? error.message : error}`);
    }
  }

  private async countStale(only?: EncryptedColumn): Promise<number> {
    let count = 0;
    for (const c of only ? [only] : ROTATABLE_COLUMNS) {
      const [row] = await this.dataSource.query(
        `SELECT count(*)::int AS count FROM ${c.table} WHERE ${c.column} IS NOT NULL AND ${keyIdSql(c)} <> $1`,
        [this.cipher.currentKeyId],
      );
      count += row.count;
    }
    return count;
  }
}

function rate(done: number, since: number): number {
  return Math.round(done / Math.max((Date.now() - since) / 1000, 0.001));
}
