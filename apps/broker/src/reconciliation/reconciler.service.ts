import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditJournal } from '@dxhub/audit';
import {
  batchChunkJobId,
  batchChunkOf,
  DELIVERIES_QUEUE,
  deliveryJobId,
  FederalChunkJobData,
  FederalSource,
  federalPollJobId,
  federalQueueName,
  federalTransferJobId,
  isFederalChunkJob,
  ReconciliationFinding,
} from '@dxhub/contracts';
import { QueueRegistry, RETRY_POLICIES } from '@dxhub/messaging';
import { DeliveryRepository, OpenVerification, ReconciliationRepository, verificationIdMark } from '@dxhub/persistence';
import { WEBHOOK_SETTINGS, WebhookSettings } from '../deliveries/webhook-settings';

export const RECONCILER_ACTOR = 'system:reconciler';
/** How long a verification must sit still before the reconciler second-guesses it (ms). */
export const RECONCILE_IDLE_MS = Symbol('RECONCILE_IDLE_MS');
const BATCH = 1000;
/** How many live jobs of a queue one run reads to tell what they carry (deliveries; intake chunks' verifications). */
const LIVE_JOB_SCAN = 20_000;
const LIVE_STATES = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);

/**
 * Finds what the normal flow missed and repairs it: open verifications whose job is gone (Redis lost, a job
 * removed) are re-enqueued from PostgreSQL; those past their source's deadline are failed visibly; and the
 * conservation law (received = stored, per exchange) is checked. Every repair is a guarded statement, so a
 * run beside the broker, or beside another run, never moves a verification twice.
 */
@Injectable()
export class ReconcilerService {
  private readonly logger = new Logger(ReconcilerService.name);

  constructor(
    private readonly runs: ReconciliationRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly queues: QueueRegistry,
    private readonly journal: AuditJournal,
    @Inject(RECONCILE_IDLE_MS) private readonly idleMs: number,
    @Inject(WEBHOOK_SETTINGS) private readonly webhooks: Pick<WebhookSettings, 'timeoutMs'>,
  ) {}

  async run(requestedRunId?: string): Promise<string | null> {
    const runId = await this.runs.startRun(requestedRunId);
    if (!runId) return null;
    try {
      const open = await this.runs.idleOpenVerifications(this.idleMs, BATCH);
      const findings: ReconciliationFinding[] = [];
      const inLiveChunk = this.liveChunkCarriage();
      for (const verification of open) {
        const finding = await this.reconcile(verification, inLiveChunk);
        if (finding) findings.push(finding);
      }
      // An attempt within its time limit (and a second for its end to be recorded) is still being sent.
      const pending = await this.deliveries.idlePending(this.idleMs, BATCH, this.webhooks.timeoutMs + 1000);
      const liveDeliveries = pending.length ? await this.liveDeliveryIds() : new Set<string>();
      for (const delivery of pending) {
        if (liveDeliveries.has(delivery.id)) continue;
        const finding = await this.reconcileDelivery(delivery);
        if (finding) findings.push(finding);
      }
      // The balance of the verifications created since the last check, up to the idle threshold ago (an intake
      // still committing is counted by the next run).
      const balancedFrom = await this.runs.lastBalancedTo();
      const until = new Date(Date.now() - this.idleMs);
      const mark = verificationIdMark(until);
      const balancedTo = mark > balancedFrom ? mark : balancedFrom; // a clock set back does not re-check a stretch
      const balances = balancedTo > balancedFrom ? await this.runs.exchangeBalances(balancedFrom, balancedTo) : [];
      for (const { exchangeId, received, stored } of balances) {
        if (received !== stored) {
          const detail = `received ${received}, stored ${stored} among the verifications created before ${until.toISOString()} since the previous check`;
          findings.push({ kind: 'conservation', verificationId: null, exchangeId, action: 'reported', detail });
        }
      }
      const checked = open.length + pending.length + balances.length;
      await this.runs.finishRun(runId, { checked, findings, balancedTo });
      this.logger.log({ runId, checked, findings: findings.length }, 'reconciliation done');
    } catch (error) {
      await this.runs.finishRun(runId, { checked: 0, findings: [], error: (error as Error).message });
      throw error;
    }
    return runId;
  }

  private async reconcile(v: OpenVerification, inLiveChunk: (v: OpenVerification) => Promise<boolean>): Promise<ReconciliationFinding | null> {
    if ((await this.hasLiveJob(v)) || (await inLiveChunk(v))) return null;
    const policy = RETRY_POLICIES[v.source as FederalSource];
    // Measured from the last change (an operator's re-drive starts the clock again), not from creation.
    if (v.status !== 'awaiting_federal' && policy && v.idleMs > policy.deadlineMs) {
      const error = {
        code: 'DXHUB_DEADLINE_EXCEEDED',
        message: `${v.status} for ${Math.round(v.idleMs / 60_000)} min with no transfer under way; the source's deadline is ${policy.deadlineMs / 60_000} min`,
        source: v.source,
        attempts: null,
      };
      const moved = await this.runs.failPastDeadline(v, error, this.audit(v, { action: 'fail-past-deadline', status: v.status }));
      return moved ? { kind: 'deadline-exceeded', verificationId: v.id, action: 'failed' } : null;
    }
    const moved = await this.runs.reenqueue(v, this.audit(v, { action: 're-enqueue', status: v.status, previousRound: v.round }));
    return moved ? { kind: 'no-live-job', verificationId: v.id, action: 're-enqueued' } : null;
  }

  /** A completed or failed verification whose result is still to be delivered, but no job will deliver it. */
  private async reconcileDelivery(delivery: { id: string; attempts: number; verificationId: string | null; updatedAtMicros: string }): Promise<ReconciliationFinding | null> {
    const audit = this.journal.prepare({
      kind: 'operator.action',
      exchangeId: null,
      verificationId: delivery.verificationId,
      actor: RECONCILER_ACTOR,
      correlationId: null,
      message: { action: 'requeue-delivery', deliveryId: delivery.id, jobId: deliveryJobId(delivery.id) },
    });
    const moved = await this.deliveries.requeuePending(delivery.id, delivery.updatedAtMicros, audit);
    return moved ? { kind: 'delivery-without-job', verificationId: delivery.verificationId, action: 'redelivered', detail: delivery.id } : null;
  }

  /** Deliveries some live job will still attempt (under the delivery's own id or a re-drive's), read once per run. */
  private async liveDeliveryIds(): Promise<Set<string>> {
    const jobs = await this.liveJobs(DELIVERIES_QUEUE);
    return new Set(jobs.map((job) => String(job.data?.deliveryId)));
  }

  /** Whether BullMQ still holds a job that will move this verification. */
  private async hasLiveJob(v: OpenVerification): Promise<boolean> {
    const queue = this.queues.get(federalQueueName(v.source as FederalSource));
    const job = await queue.getJob(this.jobIdOf(v));
    return job !== undefined && LIVE_STATES.has(await job.getState());
  }

  /**
   * Whether a live chunk job carries a verification in its current round: an intake chunk is named after its
   * first line (FEDERAL_INTAKE_CHUNK_JOB), so the others have no id to look up. A source's live chunks are read
   * once per run, and only when one of its verifications has no job of its own.
   */
  private liveChunkCarriage(): (v: OpenVerification) => Promise<boolean> {
    const bySource = new Map<string, Promise<Set<string>>>();
    return async (v) => {
      let carried = bySource.get(v.source);
      if (!carried) bySource.set(v.source, (carried = this.liveChunkLines(v.source as FederalSource)));
      return (await carried).has(federalTransferJobId(v.id, v.round));
    };
  }

  private async liveChunkLines(source: FederalSource): Promise<Set<string>> {
    const jobs = await this.liveJobs(federalQueueName(source));
    const chunks = jobs.filter((job) => job && isFederalChunkJob(job.name)).map((job) => job.data as FederalChunkJobData);
    return new Set(chunks.flatMap(({ lines }) => lines.map((line) => federalTransferJobId(line.verificationId, line.round))));
  }

  /** Up to LIVE_JOB_SCAN of a queue's jobs that a worker will still run. */
  private liveJobs(queue: string) {
    return this.queues.get(queue).getJobs(['waiting', 'active', 'delayed', 'prioritized'], 0, LIVE_JOB_SCAN);
  }

  /** The job that should be moving it: a poll's, a batch line's chunk (its first round), or its own transfer job. */
  private jobIdOf(v: OpenVerification): string {
    if (v.status === 'awaiting_federal') return federalPollJobId(v.id, v.round, v.polls + 1);
    if (v.batchId && v.batchLine && v.round === 0) return batchChunkJobId(v.batchId, batchChunkOf(v.batchLine), v.source as FederalSource);
    return federalTransferJobId(v.id, v.round);
  }

  private audit(v: OpenVerification, message: Record<string, unknown>) {
    return this.journal.prepare({ kind: 'operator.action', exchangeId: v.exchangeId, verificationId: v.id, actor: RECONCILER_ACTOR, correlationId: v.correlationId, message });
  }
}
