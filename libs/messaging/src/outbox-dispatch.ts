import type { JobsOptions } from 'bullmq';
import {
  AUDIT_REPLAYS_QUEUE,
  REPLAY_JOB,
  DELIVERIES_QUEUE,
  DELIVERY_SEND_JOB,
  deliveryJobId,
  DeliveryOutboxPayload,
  FEDERAL_POLL_JOB,
  FEDERAL_TRANSFER_JOB,
  federalPollJobId,
  FederalPollOutboxPayload,
  FederalSource,
  federalTransferJobId,
  intakeChunkJobId,
  FederalTransferOutboxPayload,
  MAINTENANCE_QUEUE,
  OUTBOX_TOPICS,
  RECONCILE_JOB,
} from '@dxhub/contracts';
import type { OutboxRow } from '@dxhub/persistence';
import { federalJob, jobForIntakeChunk } from './federal-jobs';
import { deliveryJobOptions, KEEP_COMPLETED, KEEP_FAILED } from './job-options';


export interface JobToAdd {
  queue: string;
  name: string;
  data: Record<string, unknown>;
  opts: JobsOptions;
}

/**
 * The topics this relay knows. It claims only these: a row of a topic it does not know (written by a newer
 * version during a rolling deploy) waits for a relay that does, instead of blocking or being dropped.
 */
export const RELAYED_TOPICS: string[] = Object.values(OUTBOX_TOPICS);

/** The verifications of an intake chunk a transfer row names (FederalTransferOutboxPayload.chunk), or null for a job of its own. */
function intakeChunkOf(row: OutboxRow): string[] | null {
  if (row.topic !== OUTBOX_TOPICS.federalTransfer) return null;
  const { chunk } = row.payload as unknown as FederalTransferOutboxPayload;
  return chunk && chunk.length > 1 ? chunk : null;
}

/**
 * The jobs of claimed or just written outbox rows, each built once: the rows of one intake chunk all make the
 * same job (jobForOutboxRow), so only the first of them in `rows` makes it.
 */
export function jobsForOutboxRows(rows: OutboxRow[]): JobToAdd[] {
  const chunksMade = new Set<string>();
  const jobs: JobToAdd[] = [];
  for (const row of rows) {
    const chunk = intakeChunkOf(row);
    if (chunk) {
      const id = intakeChunkJobId(chunk[0], (row.payload as unknown as FederalTransferOutboxPayload).round);
      if (chunksMade.has(id)) continue;
      chunksMade.add(id);
    }
    jobs.push(jobForOutboxRow(row));
  }
  return jobs;
}

/** Which job an outbox row becomes. Job ids are deterministic, so relaying a row twice adds one job. */
export function jobForOutboxRow(row: OutboxRow): JobToAdd {
  if (row.topic === OUTBOX_TOPICS.federalTransfer) {
    const payload = row.payload as unknown as FederalTransferOutboxPayload;
    const source = payload.source as FederalSource;
    const chunk = intakeChunkOf(row);
    if (chunk) return jobForIntakeChunk(source, payload.round, chunk);
    const data = { verificationId: payload.verificationId, correlationId: payload.correlationId, round: payload.round };
    return federalJob(source, FEDERAL_TRANSFER_JOB, data, { jobId: federalTransferJobId(payload.verificationId, payload.round) });
  }
  if (row.topic === OUTBOX_TOPICS.federalPoll) {
    const payload = row.payload as unknown as FederalPollOutboxPayload;
    const source = payload.source as FederalSource;
    const data = { verificationId: payload.verificationId, correlationId: payload.correlationId, round: payload.round, pollNo: payload.pollNo };
    return federalJob(source, FEDERAL_POLL_JOB, data, { jobId: federalPollJobId(payload.verificationId, payload.round, payload.pollNo), delay: payload.delayMs });
  }
  if (row.topic === OUTBOX_TOPICS.reconcile) {
    const runId = String(row.payload.runId);
    return { queue: MAINTENANCE_QUEUE, name: RECONCILE_JOB, data: { runId }, opts: { jobId: runId, removeOnComplete: KEEP_COMPLETED, removeOnFail: KEEP_FAILED } };
  }
  if (row.topic === OUTBOX_TOPICS.deliverySend) {
    const { deliveryId, correlationId, redrive, delayMs, priorAttempts } = row.payload as unknown as DeliveryOutboxPayload;
    return {
      queue: DELIVERIES_QUEUE,
      name: DELIVERY_SEND_JOB,
      data: { deliveryId, correlationId, ...(priorAttempts ? { priorAttempts } : {}) },
      opts: { ...deliveryJobOptions(), jobId: deliveryJobId(deliveryId, redrive), ...(delayMs ? { delay: delayMs } : {}) },
    };
  }
  if (row.topic === OUTBOX_TOPICS.auditReplay) {
    const replayId = String(row.payload.replayId);
    // One attempt: a replay that breaks is reported failed (with why) on its record, not silently re-run.
    return { queue: AUDIT_REPLAYS_QUEUE, name: REPLAY_JOB, data: { replayId }, opts: { jobId: replayId, attempts: 1, removeOnComplete: KEEP_COMPLETED, removeOnFail: KEEP_FAILED } };
  }
  throw new Error(`outbox row ${row.id} has unknown topic ${row.topic}`);
}
