import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditJournal } from '@dxhub/audit';
import { findService, ReplayScope } from '@dxhub/contracts';
import { AuditReplayRepository, RecordedCall, ReplayCounts } from '@dxhub/persistence';
import { FederalHubClient, FederalReply } from '../federal/federal-hub.client';
import { diffResponses } from './response-diff';

const PAGE = 200;
/** Calls in flight at once: a replay must not crowd out live transfers to the same Hub. */
const CONCURRENCY = 4;
/** A transport failure (no answer, 5xx, 429) is retried this many times before it counts as a mismatch. */
const TRIES = 3;

type Outcome = { kind: 'skipped' } | { kind: 'matched' } | { kind: 'mismatched'; diffs: ReplayCounts['diffs'] };

interface CallMeta {
  service?: string;
  path?: string;
  messageId?: string;
  poll?: boolean;
  httpStatus?: number;
  echoedMessageId?: string;
}

/**
 * Replays a window of the journal: re-sends each recorded federal request to the Hub (the simulator) and
 * compares its answer, field by field, with the recorded one. It reads the journal and calls the Hub, and
 * writes nothing but the replay's own record: no verification moves, nothing is delivered to an exchange.
 * Not replayed (counted as skipped): polls of asynchronous cases (their answer depends on when they are
 * asked), the later steps of a multi-step service (RIDP's secondary leg and FARS, VLP's case steps: they
 * continue a session or case the Hub holds, which the original call already used), calls the Hub never
 * answered or answered with a transport failure (5xx, 429), and redelivered duplicates. What remains are the
 * Hub's decisions, which must be reproducible; the identifiers it issues per call are not compared.
 */
@Injectable()
export class AuditReplayService {
  private readonly logger = new Logger(AuditReplayService.name);

  constructor(
    private readonly replays: AuditReplayRepository,
    private readonly journal: AuditJournal,
    private readonly hub: FederalHubClient,
  ) {}

  async run(replayId: string): Promise<void> {
    const scope = await this.replays.start(replayId);
    if (!scope) return;
    const counts: ReplayCounts = { total: 0, matched: 0, mismatched: 0, skipped: 0, diffs: [] };
    try {
      await this.replayWindow(replayId, scope, counts);
      await this.replays.finish(replayId, counts);
      this.logger.log({ replayId, ...counts, diffs: counts.diffs.length }, 'audit replay finished');
    } catch (error) {
      await this.replays.fail(replayId, error instanceof Error ? error.message : String(error));
      throw error;
    }
  }

  private async replayWindow(replayId: string, scope: ReplayScope, counts: ReplayCounts): Promise<void> {
    for (let afterSeq = '0'; ; ) {
      const calls = await this.replays.recordedCalls(scope, afterSeq, PAGE);
      if (!calls.length) return;
      for (let i = 0; i < calls.length; i += CONCURRENCY) {
        const outcomes = await Promise.all(calls.slice(i, i + CONCURRENCY).map((call) => this.replay(call)));
        for (const outcome of outcomes) {
          counts.total++;
          if (outcome.kind === 'skipped') counts.skipped++;
          else if (outcome.kind === 'matched') counts.matched++;
          else {
            counts.mismatched++;
            counts.diffs.push(...outcome.diffs);
          }
        }
      }
      afterSeq = calls[calls.length - 1].seq;
      await this.replays.progress(replayId, counts);
    }
  }

  private async replay(call: RecordedCall): Promise<Outcome> {
    const request: CallMeta = call.requestMeta ? JSON.parse(call.requestMeta) : {};
    const response: CallMeta = call.responseMeta ? JSON.parse(call.responseMeta) : {};
    const recordedStatus = response.httpStatus ?? 0;
    const decision = recordedStatus > 0 && recordedStatus < 500 && recordedStatus !== 429;
    const duplicate = response.echoedMessageId !== undefined && response.echoedMessageId !== response.messageId;
    const continuation = !!(request.service && findService(request.service)?.previous);
    if (!request.path || request.poll || continuation || !call.responseEnc || !decision || duplicate) return { kind: 'skipped' };

    const reply = await this.send(request.path, this.journal.readMessage(call.requestEnc));
    const recorded = parse(this.journal.readMessage(call.responseEnc));
    const base = { verificationId: call.verificationId, requestSeq: call.seq };
    if (!reply.answered) return { kind: 'mismatched', diffs: [{ ...base, field: 'httpStatus', recorded: recordedStatus, replayed: `no answer: ${reply.error}` }] };
    const diffs = diffResponses(recorded, parse(reply.rawBody)).map((d) => ({ ...base, ...d }));
    if (reply.httpStatus !== recordedStatus) diffs.unshift({ ...base, field: 'httpStatus', recorded: recordedStatus, replayed: reply.httpStatus });
    return diffs.length ? { kind: 'mismatched', diffs } : { kind: 'matched' };
  }

  /** The request as recorded, under a new messageID (the Hub refuses a reused one), retried over transport failures. */
  private async send(path: string, body: string): Promise<FederalReply> {
    let reply: FederalReply = { answered: false, error: 'not sent' };
    for (let tryNo = 1; tryNo <= TRIES; tryNo++) {
      reply = await this.hub.send(path, body, randomUUID());
      if (reply.answered && reply.httpStatus < 500 && reply.httpStatus !== 429) return reply;
      await new Promise((resolve) => setTimeout(resolve, 250 * tryNo));
    }
    return reply;
  }
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
