/** A column holding PII envelopes (`v1.<keyId>.…`), and the key its rows are walked by. */
export interface EncryptedColumn {
  table: string;
  column: string;
  primaryKey: string;
  primaryKeyType: 'text' | 'bigint';
  /** False for the append-only journal: its messages stay under the key they were written with (see below). */
  rotatable: boolean;
}

export const columnName = (c: EncryptedColumn) => `${c.table}.${c.column}`;

/** Every envelope the hub stores, in the order `keys rotate` re-encrypts them. */
export const ENCRYPTED_COLUMNS: readonly EncryptedColumn[] = [
  { table: 'exchanges', column: 'webhook_secret_enc', primaryKey: 'id', primaryKeyType: 'text', rotatable: true },
  { table: 'verifications', column: 'request_enc', primaryKey: 'id', primaryKeyType: 'text', rotatable: true },
  { table: 'verifications', column: 'result_enc', primaryKey: 'id', primaryKeyType: 'text', rotatable: true },
  // The journal is append-only (nobody may UPDATE it) and each event's seal covers its stored message: its
  // messages keep the key they were written with, so a retired key stays in PII_ENCRYPTION_KEYS_PREVIOUS until
  // retention has dropped the last month written under it. `keys status` shows what each key still holds.
  { table: 'audit_events', column: 'message_enc', primaryKey: 'seq', primaryKeyType: 'bigint', rotatable: false },
];

export const ROTATABLE_COLUMNS = ENCRYPTED_COLUMNS.filter((c) => c.rotatable);
