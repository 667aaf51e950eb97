/** What an outbox row asks the relay to do; the payload is ids only. */
export const OUTBOX_TOPICS = { federalTransfer: 'federal.transfer', federalPoll: 'federal.poll', reconcile: 'reconcile.run', deliverySend: 'delivery.send', auditReplay: 'audit.replay' } as const;

export interface FederalTransferOutboxPayload {
  verificationId: string;
  source: string;
  round: number;
  correlationId: string;
  /**
   * The ids, in order, of the verifications of this source that the same intake statement stored, when there
   * are several: they travel in one job (FEDERAL_INTAKE_CHUNK_JOB), which any of their rows makes alike.
   */
  chunk?: string[];
}

/** Ask an asynchronous service for its result again, after `delayMs`. */
export interface FederalPollOutboxPayload extends FederalTransferOutboxPayload {
  pollNo: number;
  delayMs: number;
}

/** The PostgreSQL channel the gateway NOTIFYs on commit so the relay wakes at once instead of polling. */
export const OUTBOX_CHANNEL = 'dxhub_outbox';
