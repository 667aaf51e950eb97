/** What an outbox row asks the relay to do; the payload is ids only. */
export const OUTBOX_TOPICS = { federalTransfer: 'federal.transfer', federalPoll: 'federal.poll', reconcile: 'reconcile.run', deliverySend: 'delivery.send', auditReplay: 'audit.replay' } as const;

export interface FederalTransferOutboxPayload {
  verificationId: string;
  source: string;
  round: number;
  correlationId: string;
}

/** Ask an asynchronous service for its result again, after `delayMs`. */
export interface FederalPollOutboxPayload extends FederalTransferOutboxPayload {
  pollNo: number;
  delayMs: number;
}

/** The PostgreSQL channel the gateway NOTIFYs on commit so the relay wakes at once instead of polling. */
export const OUTBOX_CHANNEL = 'dxhub_outbox';
