import { allowedSourcesOf, VERIFICATION_STATUSES, VerificationStatus } from '@dxhub/contracts';

// The state machine's rule in SQL: `status = ANY(<sourcesOf(to)>)` guards a move to `to`. Literals, not
// parameters: a generic plan cannot see a parameter's statuses, so it would cost more than each call's custom
// plan and PostgreSQL would plan every call afresh (sql-params.ts, `opaqueArray`). Built once: status names only.
const LITERALS = new Map(VERIFICATION_STATUSES.map((to) => [to, `'{${allowedSourcesOf(to).join(',')}}'::text[]`]));

/** The statuses a verification may move to `to` from, as an SQL array literal. */
export function sourcesOf(to: VerificationStatus): string {
  return LITERALS.get(to)!;
}
