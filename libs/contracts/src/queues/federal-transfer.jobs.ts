import type { FederalSource } from '../services/federal-sources';

// Claim Check: jobs carry ids and a correlation id, never PII (Redis keeps job data in clear text).

export const FEDERAL_TRANSFER_JOB = 'federal-transfer';

export interface FederalTransferJobData {
  verificationId: string;
  correlationId: string;
}

export function federalQueueName(source: FederalSource): string {
  return `federal-${source}`;
}

/** One job per verification and dispatch round: BullMQ dedups a re-relayed outbox row; a re-drive gets a new round. */
export function federalTransferJobId(verificationId: string, round: number): string {
  return `${verificationId}-r${round}`;
}
