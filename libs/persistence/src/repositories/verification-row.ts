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

/** Each column of a VerificationRow and the property it becomes. */
const FIELDS: ReadonlyArray<readonly [column: string, property: keyof VerificationRow]> = [
  ['id', 'id'], ['exchange_id', 'exchangeId'], ['service', 'service'], ['source', 'source'], ['status', 'status'],
  ['outcome', 'outcome'], ['reference', 'reference'], ['request_enc', 'requestEnc'], ['ssn_last4', 'ssnLast4'],
  ['result_enc', 'resultEnc'], ['response_code', 'responseCode'], ['error', 'error'], ['attempts', 'attempts'],
  ['round', 'round'], ['request_hash', 'requestHash'], ['correlation_id', 'correlationId'],
  ['previous_verification_id', 'previousVerificationId'], ['fti', 'fti'], ['created_at', 'createdAt'],
  ['updated_at', 'updatedAt'], ['completed_at', 'completedAt'],
];

export const VERIFICATION_COLUMNS = FIELDS.map(([column, property]) => `${column} AS "${property}"`).join(', ');

/**
 * The same columns of the table aliased `alias`, each property prefixed with `v.` so that they ride beside
 * another table's in one row (`verificationOf` takes them back out). Null when the join found none.
 */
export const prefixedVerificationColumns = (alias: string) =>
  FIELDS.map(([column, property]) => `${alias}.${column} AS "v.${property}"`).join(', ');

export function verificationOf(row: Record<string, unknown>): VerificationRow | null {
  if (row['v.id'] === null || row['v.id'] === undefined) return null;
  return Object.fromEntries(FIELDS.map(([, property]) => [property, row[`v.${property}`]])) as unknown as VerificationRow;
}
