import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import {
  AcceptedBatch,
  BATCH_BODY_LIMIT_BYTES,
  BATCH_BODY_LIMIT_TEXT,
  BATCH_LINE_LIMIT_BYTES,
  BATCH_MAX_LINES,
} from '@dxhub/contracts';
import { BATCH_INSERT_CHUNK, BatchIntakeSession, BatchRepository, BatchRow, newId, NewBatchLine } from '@dxhub/persistence';
import { FieldError, MetricsService, Problems } from '@dxhub/platform';
import { Principal } from '@dxhub/security';
import { ReceivedVerifications } from '../verifications/received-verifications';
import { BatchLineValidator } from './batch-line.validator';
import { ndjsonLines } from './ndjson-lines';

/** How many field errors a 400 lists; `detail` gives the count of bad lines however many there are. */
export const MAX_LISTED_ERRORS = 1000;

export interface BatchSubmission {
  principal: Principal & { exchangeId: string };
  /** The request body as it streams in (NDJSON). */
  body: AsyncIterable<Buffer | string>;
  idempotencyKey: string | null;
  correlationId: string;
}

interface ReadOutcome {
  total: number;
  lastLine: number;
  hash: string;
  badLines: number;
  errors: FieldError[];
  byService: Map<string, number>;
}

/**
 * Accepts a batch (POST /v1/batches): reads the NDJSON body as it streams in, validates each line as a
 * verification request, and stores the batch, its lines' verifications and their verification.received
 * events in ONE transaction, chunk by chunk while reading (one chunk's INSERT runs while the next is parsed
 * and encrypted). The first bad line stops the writing; reading goes on to name every bad line; the
 * transaction is rolled back: a bad batch stores nothing. Memory stays flat whatever the size.
 * Idempotent Receiver like POST /v1/verifications: the same key and the same lines give the same batch.
 */
@Injectable()
export class BatchIntakeService {
  private readonly lines = new BatchLineValidator();
  private readonly received;

  constructor(
    private readonly batches: BatchRepository,
    private readonly receivedVerifications: ReceivedVerifications,
    metrics: MetricsService,
  ) {
    this.received = metrics.counter('dxhub_verifications_received_total', 'Verifications accepted by the gateway', ['service']);
  }

  async submit(submission: BatchSubmission): Promise<{ created: boolean; batch: AcceptedBatch }> {
    const { principal, idempotencyKey, correlationId } = submission;
    const earlier = idempotencyKey ? await this.batches.findByIdempotencyKey(principal.exchangeId, idempotencyKey) : null;
    let session: BatchIntakeSession | null = earlier ? null : await this.batches.openIntake(newId.batch());
    try {
      if (session && !(await session.claim({ exchangeId: principal.exchangeId, idempotencyKey, correlationId }))) {
        // A concurrent upload with this key committed first (the claim waited for it): answer as if second.
        await session.rollback();
        session = null;
      }
      const outcome = await this.read(submission, session);
      if (!session) return this.replay(principal.exchangeId, idempotencyKey!, earlier, outcome.hash);
      if (outcome.total > BATCH_MAX_LINES) {
        throw Problems.validation([{ field: 'body', message: `must have at most ${BATCH_MAX_LINES} lines (it has ${outcome.total})` }]);
      }
      if (outcome.badLines) {
        const listed = outcome.errors.length < MAX_LISTED_ERRORS ? '' : ` (the first ${MAX_LISTED_ERRORS} errors are listed)`;
        throw Problems.validation(outcome.errors, `${outcome.badLines} of ${outcome.total} lines are invalid${listed}; nothing was stored.`);
      }
      if (!outcome.total) throw Problems.validation([{ field: 'body', message: 'must have at least one line (one verification request per line)' }]);
      await session.commit(outcome.total, outcome.lastLine, outcome.hash);
      for (const [service, n] of outcome.byService) this.received.inc({ service }, n);
      return { created: true, batch: { id: session.batchId, status: 'in_progress', total: outcome.total } };
    } finally {
      await session?.rollback(); // nothing after a commit
    }
  }

  private async read(submission: BatchSubmission, session: BatchIntakeSession | null): Promise<ReadOutcome> {
    const outcome: ReadOutcome = { total: 0, lastLine: 0, hash: '', badLines: 0, errors: [], byService: new Map() };
    const hash = createHash('sha256');
    let chunk: NewBatchLine[] = [];
    let inFlight: Promise<void> | null = null;
    const flush = async () => {
      if (inFlight) await inFlight;
      const lines = chunk;
      chunk = [];
      inFlight = session!.insertLines(lines);
      inFlight.catch(() => undefined); // awaited before the next flush or at the end
    };

    for await (const line of ndjsonLines(submission.body, { maxBytes: BATCH_BODY_LIMIT_BYTES, maxBytesText: BATCH_BODY_LIMIT_TEXT, maxLineBytes: BATCH_LINE_LIMIT_BYTES })) {
      const checked = this.lines.check(line);
      if (!checked) continue;
      outcome.total++;
      outcome.lastLine = line.number;
      hash.update(checked.hashInput).update('\n');
      // A replay only compares the body; past the line limit the rest is only counted.
      if (!session || outcome.total > BATCH_MAX_LINES) continue;
      if (!checked.ok) {
        outcome.badLines++;
        outcome.errors.push(...checked.errors.slice(0, MAX_LISTED_ERRORS - outcome.errors.length));
        continue;
      }
      if (outcome.badLines) continue; // nothing more is written: the batch will be refused
      const { request, definition } = checked;
      chunk.push({
        line: line.number,
        ...this.receivedVerifications.build({
          principal: submission.principal,
          definition,
          request,
          rawMessage: line.bytes,
          requestHash: checked.hashInput,
          // Each line's own correlation id, traceable to the upload's request id.
          correlationId: `${submission.correlationId}:${line.number}`,
        }),
      });
      outcome.byService.set(definition.service, (outcome.byService.get(definition.service) ?? 0) + 1);
      if (chunk.length >= BATCH_INSERT_CHUNK) await flush();
    }
    if (session && chunk.length && !outcome.badLines && outcome.total <= BATCH_MAX_LINES) await flush();
    if (inFlight) await inFlight;
    outcome.hash = hash.digest('hex');
    return outcome;
  }

  private async replay(exchangeId: string, key: string, earlier: BatchRow | null, hash: string): Promise<{ created: boolean; batch: AcceptedBatch }> {
    const batch = earlier ?? (await this.batches.findByIdempotencyKey(exchangeId, key));
    if (!batch) throw new Error('idempotency conflict without a stored batch');
    if (batch.requestHash !== hash) {
      throw Problems.conflict('This Idempotency-Key was already used with a different batch.', [{ field: 'Idempotency-Key', message: 'was used with a different body' }]);
    }
    return { created: false, batch: { id: batch.id, status: batch.status, total: batch.total } };
  }
}
