export const ROLES = ['submitter', 'operator', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: a submitter is bound to one exchange; staff roles are not. */
export interface Principal {
  credentialId: string;
  role: Role;
  exchangeId: string | null;
}

/** How a principal appears in audit events: role and credential id, never the key. */
export function actorOf(principal: Principal): string {
  return `${principal.role}:${principal.credentialId}`;
}
