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
