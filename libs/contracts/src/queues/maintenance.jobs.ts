// The hub's own housekeeping jobs (not federal transfers): the reconciler, on a schedule and on demand.

export const MAINTENANCE_QUEUE = 'maintenance';
export const RECONCILE_JOB = 'reconcile';
/** The job scheduler's stable id: upserting it again (every broker start) never adds a second schedule. */
export const RECONCILE_SCHEDULER_ID = 'reconcile-every-minute';

export interface ReconcileJobData {
  /** A run an operator asked for (already stored as queued); absent for scheduled runs. */
  runId?: string;
}

export interface ReconciliationFinding {
  kind: 'no-live-job' | 'deadline-exceeded' | 'conservation' | 'delivery-without-job';
  verificationId: string | null;
  exchangeId?: string;
  action: string;
  detail?: string;
}
