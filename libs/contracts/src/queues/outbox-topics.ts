/** What an outbox row asks the relay to do; the payload is ids only. */
export const OUTBOX_TOPICS = { federalTransfer: 'federal.transfer' } as const;

export interface FederalTransferOutboxPayload {
  verificationId: string;
  source: string;
  round: number;
  correlationId: string;
}

/** The PostgreSQL channel the gateway NOTIFYs on commit so the relay wakes at once instead of polling. */
export const OUTBOX_CHANNEL = 'dxhub_outbox';
