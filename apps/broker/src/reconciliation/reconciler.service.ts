import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditJournal } from '@dxhub/audit';
import {
  FederalSource,
  federalPollJobId,
  federalQueueName,
  federalTransferJobId,
  ReconciliationFinding,
} from '@dxhub/contracts';
import { QueueRegistry, RETRY_POLICIES } from '@dxhub/messaging';
import { OpenVerification, ReconciliationRepository } from '@dxhub/persistence';

export const RECONCILER_ACTOR = 'system:reconciler';
/** How long a verification must sit still before the reconciler second-guesses it (ms). */
export const RECONCILE_IDLE_MS = Symbol('RECONCILE_IDLE_MS');
const BATCH = 1000;
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
    private readonly queues: QueueRegistry,
    private readonly journal: AuditJournal,
    @Inject(RECONCILE_IDLE_MS) private readonly idleMs: number,
  ) {}

  async run(requestedRunId?: string): Promise<string | null> {
    const runId = await this.runs.startRun(requestedRunId);
    if (!runId) return null;
    try {
      const open = await this.runs.idleOpenVerifications(this.idleMs, BATCH);
      const findings: ReconciliationFinding[] = [];
      for (const verification of open) {
        const finding = await this.reconcile(verification);
        if (finding) findings.push(finding);
      }
      const balances = await this.runs.exchangeBalances();
      for (const { exchangeId, received, stored } of balances) {
        if (received !== stored) {
          findings.push({ kind: 'conservation', verificationId: null, exchangeId, action: 'reported', detail: `received ${received}, stored ${stored}` });
        }
      }
      await this.runs.finishRun(runId, { checked: open.length + balances.length, findings });
      this.logger.log({ runId, checked: open.length + balances.length, findings: findings.length }, 'reconciliation done');
    } catch (error) {
      await this.runs.finishRun(runId, { checked: 0, findings: [], error: (error as Error).message });
      throw error;
    }
    return runId;
  }

  private async reconcile(v: OpenVerification): Promise<ReconciliationFinding | null> {
    if (await this.hasLiveJob(v)) return null;
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

  /** Whether BullMQ still holds a job that will move this verification. */
  private async hasLiveJob(v: OpenVerification): Promise<boolean> {
    const queue = this.queues.get(federalQueueName(v.source as FederalSource));
    const jobId = v.status === 'awaiting_federal' ? federalPollJobId(v.id, v.round, v.polls + 1) : federalTransferJobId(v.id, v.round);
    const job = await queue.getJob(jobId);
    return job !== undefined && LIVE_STATES.has(await job.getState());
  }

  private audit(v: OpenVerification, message: Record<string, unknown>) {
    return this.journal.prepare({ kind: 'operator.action', exchangeId: v.exchangeId, verificationId: v.id, actor: RECONCILER_ACTOR, correlationId: v.correlationId, message });
  }
}
