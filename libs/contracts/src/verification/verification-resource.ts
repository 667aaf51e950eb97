import type { VerificationStatus } from './verification-status';

export type Outcome = 'verified' | 'not_verified' | 'inconclusive';

export interface VerificationError {
  code: string;
  message: string;
  source: string;
  attempts: number;
}

/** The verification as the gateway returns it (CONTRACT: every field present, null where empty). */
export interface VerificationResource {
  id: string;
  service: string;
  status: VerificationStatus;
  reference: string | null;
  subject: { ssnLast4: string | null };
  outcome: Outcome | null;
  result: Record<string, unknown> | null;
  error: VerificationError | null;
  attempts: number;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
}
