import { SqlParams } from '../sql-params';

/** An audit event ready to store: digest computed, message encrypted and the whole sealed by the audit journal. */
export interface AuditRow {
  /** `aud_<ulid>`: unique, and covered by the seal, so that a copied row cannot pass as another event. */
  id: string;
  /** Set by the writer (not the database) so that the seal covers it. */
  at: Date;
  kind: string;
  exchangeId: string | null;
  verificationId: string | null;
  actor: string;
  correlationId: string | null;
  digest: string;
  messageEnc: string;
  /** The message is Federal Tax Information (IRS Pub 1075). */
  fti: boolean;
  /** Non-PII facts about the crossing that the message bytes do not carry (e.g. the federal path and messageID), as JSON text. */
  meta: string | null;
  /** HMAC of everything above (see journal-seal.ts). */
  seal: string;
}

export const AUDIT_COLUMNS = 'id, at, kind, exchange_id, verification_id, actor, correlation_id, digest, message_enc, fti, meta, seal';

/** `(…), (…)` VALUES tuples for audit rows, so they ride in the same statement as the change they record. */
export function auditValues(params: SqlParams, rows: AuditRow[]): string {
  return rows
    .map(
      (r) =>
        `(${params.add(r.id)}, ${params.add(r.at.toISOString())}::timestamptz, ${params.add(r.kind)}, ${params.add(r.exchangeId)}, ` +
        `${params.add(r.verificationId)}, ${params.add(r.actor)}, ${params.add(r.correlationId)}, ${params.add(r.digest)}, ` +
        `${params.add(r.messageEnc)}, ${params.add(r.fti)}::boolean, ${params.add(r.meta)}, ${params.add(r.seal)})`,
    )
    .join(', ');
}

/** An audit row of a set-based statement: `owner` is the key of the call it belongs to (e.g. a verification id). */
export interface OwnedAuditRow {
  owner: string;
  row: AuditRow;
  /** Written only when the owner's change applies (e.g. the transition's own events); otherwise always. */
  onlyIfMoved?: boolean;
}

/**
 * Audit rows as one `unnest(...) AS <alias> (owner, only_if_moved, <AUDIT_COLUMNS>)` of column arrays, for
 * set-based statements: the text is the same however many rows, so it is prepared once; `owner` joins each
 * row to the change it records.
 */
export function auditUnnest(params: SqlParams, rows: OwnedAuditRow[], alias = 'a'): string {
  const column = <T>(pick: (r: AuditRow) => T) => rows.map(({ row }) => pick(row));
  return (
    `unnest(${params.array(rows.map((r) => r.owner), 'text')}, ${params.add(rows.map((r) => r.onlyIfMoved ?? false))}::boolean[], ` +
    `${params.add(column((r) => r.id))}::text[], ` +
    `${params.add(column((r) => r.at.toISOString()))}::timestamptz[], ${params.add(column((r) => r.kind))}::text[], ` +
    `${params.add(column((r) => r.exchangeId))}::text[], ${params.add(column((r) => r.verificationId))}::text[], ` +
    `${params.add(column((r) => r.actor))}::text[], ${params.add(column((r) => r.correlationId))}::text[], ` +
    `${params.add(column((r) => r.digest))}::text[], ${params.add(column((r) => r.messageEnc))}::text[], ` +
    `${params.add(column((r) => r.fti))}::boolean[], ${params.add(column((r) => r.meta))}::text[], ${params.add(column((r) => r.seal))}::text[]) ` +
    `AS ${alias} (owner, only_if_moved, ${AUDIT_COLUMNS})`
  );
}

/** The AUDIT_COLUMNS of an `auditUnnest` alias, for `INSERT INTO audit_events (AUDIT_COLUMNS) SELECT <this> FROM ...`. */
export function auditColumnsOf(alias = 'a'): string {
  return AUDIT_COLUMNS.split(', ')
    .map((column) => `${alias}.${column}`)
    .join(', ');
}
