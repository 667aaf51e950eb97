// The verification state machine: the only place that says which status may follow which.
// Repositories turn each transition into a guarded UPDATE ... WHERE status = ANY(<allowed sources>),
// so a duplicate or late job can never move a verification backwards.

export const VERIFICATION_STATUSES = ['queued', 'in_progress', 'awaiting_federal', 'completed', 'failed', 'cancelled'] as const;
export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number];

const TRANSITIONS: Record<VerificationStatus, readonly VerificationStatus[]> = {
  // queued -> failed: a transfer that cannot even be attempted (no federal message can be built).
  queued: ['in_progress', 'failed', 'cancelled'],
  // in_progress -> in_progress: a retry attempt of the same transfer (attempt rows tell the story).
  in_progress: ['in_progress', 'awaiting_federal', 'completed', 'failed', 'cancelled'],
  // awaiting_federal -> awaiting_federal: a poll found the answer still pending (poll rows tell the story).
  awaiting_federal: ['awaiting_federal', 'completed', 'failed', 'cancelled'],
  failed: ['queued', 'cancelled'],
  completed: [],
  cancelled: [],
};

export const TERMINAL_STATUSES: readonly VerificationStatus[] = VERIFICATION_STATUSES.filter((s) => TRANSITIONS[s].length === 0);

export function canTransition(from: VerificationStatus, to: VerificationStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** The statuses a verification may be in for `to` to be applied: the WHERE clause of the guarded update. */
export function allowedSourcesOf(to: VerificationStatus): VerificationStatus[] {
  return VERIFICATION_STATUSES.filter((from) => canTransition(from, to));
}

export function isTerminal(status: VerificationStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}
