/** A column holding PII envelopes (`v1.<keyId>.…`), and the key its rows are walked by. */
export interface EncryptedColumn {
  table: string;
  column: string;
  primaryKey: string;
  primaryKeyType: 'text' | 'bigint';
}

export const columnName = (c: EncryptedColumn) => `${c.table}.${c.column}`;

/** Every envelope the hub stores, in the order `keys rotate` re-encrypts them. */
export const ENCRYPTED_COLUMNS: readonly EncryptedColumn[] = [
  { table: 'exchanges', column: 'webhook_secret_enc', primaryKey: 'id', primaryKeyType: 'text' },
  { table: 'verifications', column: 'request_enc', primaryKey: 'id', primaryKeyType: 'text' },
  { table: 'verifications', column: 'result_enc', primaryKey: 'id', primaryKeyType: 'text' },
  // Last on purpose: audit_events is append-only by design, and this rewrites message_enc in place. Issue 6 (which
  // forbids UPDATE there) must replace this with a re-encryption that keeps the hash chain; the digest covers the
  // plaintext, so re-encrypting changes neither it nor anything the chain is computed from.
  { table: 'audit_events', column: 'message_enc', primaryKey: 'seq', primaryKeyType: 'bigint' },
];
