import { SqlParams } from '../sql-params';

/** An audit event ready to store: digest computed and message encrypted by the audit journal. */
export interface AuditRow {
  kind: string;
  exchangeId: string | null;
  verificationId: string | null;
  actor: string;
  correlationId: string | null;
  digest: string;
  messageEnc: string;
  /** The message is Federal Tax Information (IRS Pub 1075). */
  fti: boolean;
}

export const AUDIT_COLUMNS = 'kind, exchange_id, verification_id, actor, correlation_id, digest, message_enc, fti';

/** `(…), (…)` VALUES tuples for audit rows, so they ride in the same statement as the change they record. */
export function auditValues(params: SqlParams, rows: AuditRow[]): string {
  return rows
    .map(
      (r) =>
        `(${params.add(r.kind)}, ${params.add(r.exchangeId)}, ${params.add(r.verificationId)}, ${params.add(r.actor)}, ` +
        `${params.add(r.correlationId)}, ${params.add(r.digest)}, ${params.add(r.messageEnc)}, ${params.add(r.fti)}::boolean)`,
    )
    .join(', ');
}
