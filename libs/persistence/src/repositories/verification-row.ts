/** A verification as the repositories return it (camelCase, PII still encrypted). */
export interface VerificationRow {
  id: string;
  exchangeId: string;
  service: string;
  source: string;
  status: string;
  outcome: string | null;
  reference: string | null;
  requestEnc: string;
  ssnLast4: string | null;
  resultEnc: string | null;
  responseCode: string | null;
  error: Record<string, unknown> | null;
  attempts: number;
  round: number;
  requestHash: string;
  correlationId: string;
  previousVerificationId: string | null;
  fti: boolean;
  createdAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
}

export const VERIFICATION_COLUMNS = `id, exchange_id AS "exchangeId", service, source, status, outcome, reference,
  request_enc AS "requestEnc", ssn_last4 AS "ssnLast4", result_enc AS "resultEnc", response_code AS "responseCode",
  error, attempts, round, request_hash AS "requestHash", correlation_id AS "correlationId",
  previous_verification_id AS "previousVerificationId", fti,
  created_at AS "createdAt", updated_at AS "updatedAt", completed_at AS "completedAt"`;
