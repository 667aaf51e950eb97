/** The kinds of audit event (CONTRACT: Audit). */
export const AUDIT_KINDS = [
  'verification.received',
  'federal.request',
  'federal.response',
  'delivery.attempt',
  'verification.completed',
  'verification.failed',
  'operator.action',
  'admin.action',
  'audit.read',
  /** Federal Tax Information shown to its exchange (IRS Pub 1075 asks for every FTI access to be logged). */
  'fti.read',
  /** A staff member signing in to or out of the console's web UI. */
  'staff.session',
] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

/** The actor of work the hub does on its own (the broker's transfers). */
export const SYSTEM_ACTOR = 'system:broker';
