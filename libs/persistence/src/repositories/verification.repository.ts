import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { preparedQuery } from '../prepared-query';
import { opaqueArray, SqlParams } from '../sql-params';
import { sourcesOf } from './transition-sources';
import { OUTBOX_CHANNEL, OUTBOX_TOPICS, VerificationStatus } from '@dxhub/contracts';
import { Coalescer } from '@dxhub/platform';
import { newId } from '../ids';
import { AUDIT_COLUMNS, auditColumnsOf, AuditRow, auditUnnest, auditValues } from './audit-row';
import { federalTransferOutboxInsert, NOTIFY_RELAY, PUBLISHED_OUTBOX_COLUMNS, PublishedOutboxColumns, withoutOutboxColumns } from './outbox-rows';
import { OUTBOX_PUBLISHER, OutboxMarks, OutboxPublisher } from './outbox-publishing';
import { DELIVERY_NOTIFY, deliveryCtes } from './delivery-on-terminal';
import { prefixedVerificationColumns, VERIFICATION_COLUMNS, VerificationRow } from './verification-row';
import { DELIVERY_COLUMNS, deliveryToSendOf, DeliveryToSend } from './delivery.repository';

export interface NewVerification {
  id: string;
  exchangeId: string;
  service: string;
  source: string;
  reference: string | null;
  requestEnc: string;
  ssnIndex: string | null;
  ssnLast4: string | null;
  idempotencyKey: string | null;
  requestHash: string;
  correlationId: string;
  previousVerificationId?: string | null;
  fti?: boolean;
  /** 'amqp' when it came over the message broker (its results are also published there). */
  replyChannel?: 'amqp' | null;
}

export interface VerificationListFilter {
  exchangeId: string;
  status?: string;
  service?: string;
  reference?: string;
  createdAfter?: Date;
  afterId?: string;
  limit: number;
}

/** A queue job to create once the statement commits (Guaranteed Delivery through the outbox). */
export interface FollowUp {
  topic: string;
  payload: Record<string, unknown>;
}

export interface AttemptEnd {
  messageId: string;
  httpStatus: number | null;
  responseCode: string | null;
  result: 'success' | 'retryable' | 'permanent';
  error: string | null;
}

export interface AttemptEndInput {
  id: string;
  attempt: AttemptEnd;
  always: AuditRow[];
  transition?: {
    to: Extract<VerificationStatus, 'completed' | 'failed' | 'awaiting_federal'>;
    outcome?: string | null;
    resultEnc?: string | null;
    responseCode?: string | null;
    error?: Record<string, unknown> | null;
    audit: AuditRow[];
    /** Created with the transition, e.g. the next poll of an asynchronous service. */
    followUp?: FollowUp;
    /**
     * The caller sends the webhook delivery itself, right after the commit: the statement starts its first
     * attempt and returns all it takes to send it (`webhookToSend`); no `delivery.send` outbox row is written.
     * Should the caller never send it (a crash), the reconciler finds the pending delivery without a job and
     * queues it (its attempt 1 stays unfinished: sent or not, nobody knows).
     */
    sendWebhookHere?: boolean;
  };
}

/** What an attempt's end did: whether the verification moved, and the webhook delivery the caller now sends (attempt 1), if any. */
export interface AttemptEnded {
  moved: boolean;
  webhookToSend: DeliveryToSend | null;
}

/**
 * How long an intake waits for company while intakes overlap (Coalescer's lingerMs). An open loop at half the
 * maximum rate sent 1.2 intakes a statement without it and 4-5 with 8 ms; the gateway and PostgreSQL spent
 * about a fifth less per verification. 4 ms rather than 8: since intakes make the federal jobs (intake chunks),
 * the shorter wait gave the open loop's tail back more than it cost (p99 lower in six pairs of six, 2 % more
 * CPU), and 2 ms gave back less (docs/scaling.md). Intakes that never overlap do not wait.
 */
const INTAKE_LINGER_MS = 4;

/**
 * The largest intake statement whose jobs the gateway adds itself (OutboxPublisher); a larger one is left to the
 * relay. Small statements are the open loop's (4-5 rows at 290/s): there the relay's extra hop is what costs.
 * Large ones are a burst's (55 rows a statement on average with 100 clients): there the gateway's core is the
 * accept path's limit, and the relay's claim of hundreds of rows at once is cheaper than its adds (the accept
 * path alone: 2,226/s publishing every statement, against about 3,000/s with none published).
 */
export const PUBLISH_BATCHES_UP_TO = 16;

/**
 * Verifications and what happens to them. Each method is one statement: the change, its attempt row,
 * its audit events and its outbox row commit together or not at all, in one round trip.
 */
@Injectable()
export class VerificationRepository {
  /** Set where intakes publish their own jobs (the gateway): the publisher and its rows' pending marks. */
  private readonly publishing: { publisher: OutboxPublisher; marks: OutboxMarks } | null;

  constructor(
    private readonly dataSource: DataSource,
    @Optional() @Inject(OUTBOX_PUBLISHER) publisher: OutboxPublisher | null = null,
  ) {
    this.publishing = publisher ? { publisher, marks: new OutboxMarks(dataSource) } : null;
  }

  /**
   * Stores a received verification with its outbox row and audit event. On commit, the OutboxPublisher adds
   * its transfer job where there is one (the gateway, unless the statement is a burst's); else the relay is
   * woken. Returns null when the (exchange, idempotency key) already exists: nothing is written then. Coalesced with
   * the other requests' intakes into one statement and one commit (see Coalescer).
   */
  insertReceived(v: NewVerification, audit: AuditRow): Promise<VerificationRow | null> {
    return this.intakes.call({ v, audit });
  }

  private readonly intakes = new Coalescer<{ v: NewVerification; audit: AuditRow }, VerificationRow | null>(
    async (items) => {
      const p = new SqlParams();
      const column = <T>(pick: (v: NewVerification) => T) => p.add(items.map((item) => pick(item.v)));
      const publishing = this.publishing !== null && items.length <= PUBLISH_BATCHES_UP_TO;
      const marks = this.publishing?.marks.markCte(p) ?? { cte: '', ids: [] };
      const rows = await preparedQuery<VerificationRow & Partial<PublishedOutboxColumns>>(this.dataSource,
        `WITH ${marks.cte} i AS (
           SELECT * FROM unnest(${p.array(items.map((item) => item.v.id), 'text')}, ${column((v) => v.exchangeId)}::text[], ${column((v) => v.service)}::text[],
                                ${column((v) => v.source)}::text[], ${column((v) => v.reference)}::text[], ${column((v) => v.requestEnc)}::text[],
                                ${column((v) => v.ssnIndex)}::text[], ${column((v) => v.ssnLast4)}::text[], ${column((v) => v.idempotencyKey)}::text[],
                                ${column((v) => v.requestHash)}::text[], ${column((v) => v.correlationId)}::text[],
                                ${column((v) => v.previousVerificationId ?? null)}::text[], ${column((v) => v.fti ?? false)}::boolean[],
                                ${column((v) => v.replyChannel ?? null)}::text[])
             AS i (id, exchange_id, service, source, reference, request_enc, ssn_index, ssn_last4, idempotency_key, request_hash,
                   correlation_id, previous_verification_id, fti, reply_channel)
         ), v AS (
           INSERT INTO verifications (id, exchange_id, service, source, status, reference, request_enc, ssn_index, ssn_last4,
                                      idempotency_key, request_hash, correlation_id, previous_verification_id, fti, reply_channel)
           SELECT id, exchange_id, service, source, 'queued', reference, request_enc, ssn_index, ssn_last4, idempotency_key, request_hash,
                  correlation_id, previous_verification_id, fti, reply_channel
           FROM i
           ON CONFLICT (exchange_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
           RETURNING *
         ), outbox_row AS (
           ${federalTransferOutboxInsert(p, 'v', publishing)}
         ), audit AS (
           INSERT INTO audit_events (${AUDIT_COLUMNS})
           SELECT ${auditColumnsOf()} FROM ${auditUnnest(p, items.map((item) => ({ owner: item.v.id, row: item.audit })))} JOIN v ON v.id = a.owner
         )
         SELECT ${VERIFICATION_COLUMNS}${publishing ? `, ${PUBLISHED_OUTBOX_COLUMNS} FROM v JOIN outbox_row ON outbox_payload->>'verificationId' = id` : ` FROM v ${NOTIFY_RELAY}`}`,
        p.values,
      ).catch((error: unknown) => {
        this.publishing?.marks.giveBack(marks.ids);
        throw error;
      });
      if (publishing) this.publish(rows as (VerificationRow & PublishedOutboxColumns)[]);
      const byId = new Map(rows.map((row) => [row.id, publishing ? withoutOutboxColumns(row) : row]));
      return items.map((item) => byId.get(item.v.id) ?? null);
    },
    // One call per idempotency key in a statement: the second one then finds the first's row.
    ({ v }) => `${v.exchangeId}:${v.idempotencyKey ?? v.id}`,
    { lingerMs: INTAKE_LINGER_MS },
  );

  /** Marks what was published before the process goes (else the relay adds those rows again: harmless, needless). */
  async beforeApplicationShutdown(): Promise<void> {
    await this.publishing?.marks.flush();
  }

  /** Adds the just committed verifications' transfer jobs, then marks their rows dispatched (OutboxPublisher). */
  private publish(rows: (VerificationRow & PublishedOutboxColumns)[]): void {
    if (!rows.length || !this.publishing) return;
    const { publisher, marks } = this.publishing;
    const outboxRows = rows.map((row) => ({ id: row.outboxId, topic: row.outboxTopic, payload: row.outboxPayload }));
    void publisher.publish(outboxRows).then((added) => {
      if (added) marks.add(outboxRows.map((row) => row.id));
    });
  }

  async findByIdempotencyKey(exchangeId: string, key: string): Promise<VerificationRow | null> {
    const rows = await preparedQuery<VerificationRow>(this.dataSource,
      `SELECT ${VERIFICATION_COLUMNS} FROM verifications WHERE exchange_id = $1 AND idempotency_key = $2`,
      [exchangeId, key],
    );
    return rows[0] ?? null;
  }

  /** Tenant-scoped read (every poll of a result): another exchange's verification does not exist for the caller. */
  async findForExchange(id: string, exchangeId: string): Promise<VerificationRow | null> {
    const rows = await preparedQuery<VerificationRow>(this.dataSource,
      `SELECT ${VERIFICATION_COLUMNS} FROM verifications WHERE id = $1 AND exchange_id = $2`,
      [id, exchangeId],
    );
    return rows[0] ?? null;
  }

  /** Coalesced: concurrent look-ups (the workers' loads) go out as one `id = ANY(...)` statement. */
  findById(id: string): Promise<VerificationRow | null> {
    return this.loads.call(id);
  }

  private readonly loads = new Coalescer<string, VerificationRow | null>(
    async (ids) => {
      const rows = await preparedQuery<VerificationRow>(this.dataSource, `SELECT ${VERIFICATION_COLUMNS} FROM verifications WHERE id = ANY(${opaqueArray('$1', 'text')})`, [ids]);
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    },
    (id) => id,
  );

  /** Newest first; fetches one extra row to know whether there is a next page. */
  async listForExchange(filter: VerificationListFilter): Promise<{ rows: VerificationRow[]; hasMore: boolean }> {
    const p = new SqlParams();
    const where = [`exchange_id = ${p.add(filter.exchangeId)}`];
    if (filter.status) where.push(`status = ${p.add(filter.status)}`);
    if (filter.service) where.push(`service = ${p.add(filter.service)}`);
    if (filter.reference) where.push(`reference = ${p.add(filter.reference)}`);
    if (filter.createdAfter) where.push(`created_at > ${p.add(filter.createdAfter)}`);
    if (filter.afterId) where.push(`id < ${p.add(filter.afterId)}`);
    const rows: VerificationRow[] = await this.dataSource.query(
      `SELECT ${VERIFICATION_COLUMNS} FROM verifications WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT ${p.add(filter.limit + 1)}`,
      p.values,
    );
    return { rows: rows.slice(0, filter.limit), hasMore: rows.length > filter.limit };
  }

  /**
   * Moves the verification to in_progress for one more attempt and records the attempt's start and the
   * federal request. Returns the attempt number, or null when the verification is not claimable
   * (already terminal, cancelled, gone, or re-dispatched in a later round): the caller then does nothing.
   * Coalesced with the other workers' starts into one statement (see Coalescer).
   */
  startAttempt(id: string, round: number, messageId: string, request: AuditRow): Promise<number | null> {
    return this.starts.call({ id, round, messageId, request });
  }

  private readonly starts = new Coalescer<{ id: string; round: number; messageId: string; request: AuditRow }, number | null>(
    async (items) => {
      const p = new SqlParams();
      const rows = await preparedQuery<{ id: string; attempts: number }>(this.dataSource,
        `WITH i AS (
           SELECT * FROM unnest(${p.array(items.map((i) => i.id), 'text')}, ${p.add(items.map((i) => i.round))}::int[],
                                ${p.add(items.map((i) => i.messageId))}::uuid[]) AS i (id, round, message_id)
         ), v AS (
           UPDATE verifications ver SET status = 'in_progress', attempts = ver.attempts + 1, updated_at = now()
           FROM i WHERE ver.id = i.id AND ver.round = i.round AND ver.status = ANY(${sourcesOf('in_progress')})
           RETURNING ver.id, ver.attempts, i.message_id
         ), attempt AS (
           INSERT INTO federal_attempts (verification_id, attempt_no, message_id, started_at)
           SELECT id, attempts, message_id, now() FROM v
         ), audit AS (
           INSERT INTO audit_events (${AUDIT_COLUMNS})
           SELECT ${auditColumnsOf()} FROM ${auditUnnest(p, items.map((i) => ({ owner: i.id, row: i.request })))} JOIN v ON v.id = a.owner
         )
         SELECT id, attempts FROM v`,
        p.values,
      );
      const attempts = new Map(rows.map((row) => [row.id, row.attempts]));
      return items.map((item) => attempts.get(item.id) ?? null);
    },
    (item) => item.id,
  );

  /**
   * Records the start of a poll for an asynchronous service's result. Returns false when the verification no
   * longer awaits it (answered, cancelled, re-dispatched in a later round): the caller then does nothing.
   */
  async startPoll(id: string, round: number, messageId: string, request: AuditRow): Promise<boolean> {
    const p = new SqlParams();
    const rows = await preparedQuery(this.dataSource, 
      `WITH v AS (
         SELECT id, attempts FROM verifications WHERE id = ${p.add(id)} AND round = ${p.add(round)} AND status = 'awaiting_federal' FOR UPDATE
       ), attempt AS (
         INSERT INTO federal_attempts (verification_id, attempt_no, message_id, started_at, kind)
         SELECT id, attempts, ${p.add(messageId)}, now(), 'poll' FROM v
       ), audit AS (
         INSERT INTO audit_events (${AUDIT_COLUMNS}) SELECT a.* FROM (VALUES ${auditValues(p, [request])}) a, v
       )
       SELECT id FROM v`,
      p.values,
    );
    return rows.length > 0;
  }

  /**
   * Ends an attempt and, when `transition` is given, moves the verification (guarded by the state machine).
   * The attempt row and `always` audit rows (e.g. the federal response) are written even when the transition
   * no longer applies: a late or duplicate answer is recorded, and ignored. Returns whether it moved.
   * Coalesced with the other workers' ends into one statement (see Coalescer).
   */
  endAttempt(input: AttemptEndInput): Promise<AttemptEnded> {
    return this.ends.call(input);
  }

  private readonly ends = new Coalescer<AttemptEndInput, AttemptEnded>((items) => this.endAttempts(items), (item) => item.id);

  /**
   * One statement for many attempt ends, each with its own optional transition: the moved verifications'
   * audit rows, follow-up outbox rows and result deliveries (a pending delivery and its outbox row per channel
   * that wants it: `webhook` when the exchange has one, `amqp` when the verification came over the message
   * broker) commit with them. At most one item per verification.
   */
  private async endAttempts(items: AttemptEndInput[]): Promise<AttemptEnded[]> {
    const p = new SqlParams();
    const column = <T>(pick: (item: AttemptEndInput) => T) => p.add(items.map(pick));
    const audit = items.flatMap(({ id, always, transition }) => [
      ...always.map((row) => ({ owner: id, row })),
      ...(transition?.audit ?? []).map((row) => ({ owner: id, row, onlyIfMoved: true })),
    ]);
    const rows = await preparedQuery<{ movedId: string } & Record<string, unknown>>(this.dataSource,
      `WITH i AS (
         SELECT * FROM unnest(${p.array(items.map((i) => i.id), 'text')}, ${column((i) => i.attempt.messageId)}::uuid[],
                              ${column((i) => i.attempt.httpStatus)}::int[], ${column((i) => i.attempt.responseCode)}::text[],
                              ${column((i) => i.attempt.result)}::text[], ${column((i) => i.attempt.error)}::text[],
                              ${column((i) => i.transition?.to ?? null)}::text[], ${column((i) => i.transition?.outcome ?? null)}::text[],
                              ${column((i) => i.transition?.resultEnc ?? null)}::text[], ${column((i) => i.transition?.responseCode ?? null)}::text[],
                              ${column((i) => (i.transition?.error ? JSON.stringify(i.transition.error) : null))}::jsonb[],
                              ${column((i) => i.transition?.followUp?.topic ?? null)}::text[],
                              ${column((i) => (i.transition?.followUp ? JSON.stringify(i.transition.followUp.payload) : null))}::jsonb[],
                              ${column(() => newId.delivery())}::text[], ${column(() => newId.delivery())}::text[],
                              ${column((i) => i.transition?.sendWebhookHere ?? false)}::boolean[])
           AS i (id, message_id, http_status, attempt_code, result, attempt_error, target, outcome, result_enc, response_code, error,
                 follow_topic, follow_payload, webhook_delivery, amqp_delivery, webhook_here)
       ), ended AS (
         UPDATE federal_attempts fa SET finished_at = now(), http_status = i.http_status, response_code = i.attempt_code,
           result = i.result, error = i.attempt_error
         FROM i WHERE fa.message_id = i.message_id
       ), v AS (
         UPDATE verifications ver SET status = i.target, outcome = i.outcome, result_enc = i.result_enc, response_code = i.response_code,
           error = i.error, updated_at = now(), completed_at = CASE WHEN i.target = 'completed' THEN now() ELSE ver.completed_at END
         FROM i
         WHERE ver.id = i.id AND i.target IS NOT NULL AND ver.status = ANY(CASE i.target
           WHEN 'completed' THEN ${sourcesOf('completed')}
           WHEN 'failed' THEN ${sourcesOf('failed')}
           WHEN 'awaiting_federal' THEN ${sourcesOf('awaiting_federal')} END)
         RETURNING ver.*, i.target, i.follow_topic, i.follow_payload, i.webhook_delivery, i.amqp_delivery, i.webhook_here
       ), audit AS (
         INSERT INTO audit_events (${AUDIT_COLUMNS})
         SELECT ${auditColumnsOf()}
         FROM ${auditUnnest(p, audit)}
         WHERE NOT a.only_if_moved OR EXISTS (SELECT 1 FROM v WHERE v.id = a.owner)
       ), follow_up AS (
         INSERT INTO outbox (topic, payload) SELECT follow_topic, follow_payload FROM v WHERE follow_topic IS NOT NULL RETURNING id
       ), delivery AS (
         INSERT INTO deliveries (id, verification_id, exchange_id, type, channel, attempts)
         SELECT c.id, v.id, v.exchange_id, 'verification.' || v.target, c.channel, CASE WHEN c.channel = 'webhook' AND v.webhook_here THEN 1 ELSE 0 END
         FROM v JOIN exchanges e ON e.id = v.exchange_id
         CROSS JOIN LATERAL (VALUES (v.webhook_delivery, 'webhook'), (v.amqp_delivery, 'amqp')) AS c (id, channel)
         -- Only a verification's end is delivered to the exchange (CONTRACT: webhooks).
         WHERE v.target IN ('completed', 'failed')
           AND ((c.channel = 'webhook' AND e.webhook_url IS NOT NULL) OR (c.channel = 'amqp' AND v.reply_channel = 'amqp'))
         RETURNING *
       ), first_attempt AS (
         INSERT INTO delivery_attempts (delivery_id, attempt_no, started_at) SELECT id, 1, now() FROM delivery WHERE attempts = 1
       ), delivery_outbox AS (
         INSERT INTO outbox (topic, payload)
         SELECT ${p.add(OUTBOX_TOPICS.deliverySend)}, jsonb_build_object('deliveryId', d.id, 'correlationId', v.correlation_id)
         FROM delivery d JOIN v ON v.id = d.verification_id
         WHERE d.attempts = 0
         RETURNING id
       )
       SELECT v.id AS "movedId", ${DELIVERY_COLUMNS}, e.webhook_url AS "webhookUrl", e.webhook_secret_enc AS "webhookSecretEnc",
              here.idempotency_key AS "idempotencyKey", ${prefixedVerificationColumns('here')}
       FROM v
       LEFT JOIN delivery d ON d.verification_id = v.id AND d.attempts = 1
       LEFT JOIN exchanges e ON e.id = d.exchange_id
       LEFT JOIN LATERAL (SELECT v.* WHERE d.id IS NOT NULL) AS here ON true
       CROSS JOIN LATERAL (SELECT count(pg_notify('${OUTBOX_CHANNEL}', '')) FROM (SELECT id FROM follow_up UNION ALL SELECT id FROM delivery_outbox) queued) AS notified`,
      p.values,
    );
    const moved = new Map(rows.map(({ movedId, ...delivery }) => [movedId, delivery.id ? deliveryToSendOf(delivery) : null]));
    return items.map((item) => ({ moved: item.transition !== undefined && moved.has(item.id), webhookToSend: moved.get(item.id) ?? null }));
  }

  /** Fails a verification that never reached the federal side (e.g. its request can no longer be built). */
  async failWithoutAttempt(id: string, error: Record<string, unknown>, audit: AuditRow): Promise<boolean> {
    const p = new SqlParams();
    const rows = await this.dataSource.query(
      `WITH v AS (
         UPDATE verifications SET status = 'failed', error = ${p.add(JSON.stringify(error))}::jsonb, updated_at = now()
         WHERE id = ${p.add(id)} AND status = ANY(${sourcesOf('failed')})
         RETURNING id, exchange_id, correlation_id
       ), audit AS (
         INSERT INTO audit_events (${AUDIT_COLUMNS}) SELECT a.* FROM (VALUES ${auditValues(p, [audit])}) a, v
       ), ${deliveryCtes(p, 'failed').join(', ')}
       SELECT id FROM v${DELIVERY_NOTIFY}`,
      p.values,
    );
    return rows.length > 0;
  }

  /**
   * Re-drives failed verifications (operator retry): each moves failed -> queued in a new dispatch round, its
   * error cleared, with a federal.transfer outbox row for that round (so the relay makes a fresh job id) and
   * its own audit event. Set-based: one statement for the whole batch; a verification no longer failed is
   * left alone and gets no audit event. Keeps id, attempts and history. Returns the verifications that moved.
   */
  async redriveFailed(items: { id: string; audit: AuditRow }[]): Promise<VerificationRow[]> {
    if (!items.length) return [];
    const p = new SqlParams();
    const rows = await this.dataSource.query(
      `WITH v AS (
         UPDATE verifications SET status = 'queued', round = round + 1, error = NULL, response_code = NULL, updated_at = now()
         WHERE id = ANY(${p.add(items.map((i) => i.id))}) AND status = ANY(${sourcesOf('queued')})
         RETURNING *
       ), outbox_row AS (
         ${federalTransferOutboxInsert(p)}
       ), audit AS (
         INSERT INTO audit_events (${AUDIT_COLUMNS})
         SELECT a.* FROM (VALUES ${auditValues(p, items.map((i) => i.audit))}) a (${AUDIT_COLUMNS}) JOIN v ON v.id = a.verification_id
       )
       SELECT ${VERIFICATION_COLUMNS} FROM v ${NOTIFY_RELAY}`,
      p.values,
    );
    return rows;
  }

  /** Cancels a verification (operator action) where the state machine allows it, with its audit event. Null when it does not. */
  async cancel(id: string, audit: AuditRow): Promise<VerificationRow | null> {
    const p = new SqlParams();
    const rows = await this.dataSource.query(
      `WITH v AS (
         UPDATE verifications SET status = 'cancelled', updated_at = now()
         WHERE id = ${p.add(id)} AND status = ANY(${sourcesOf('cancelled')})
         RETURNING *
       ), audit AS (
         INSERT INTO audit_events (${AUDIT_COLUMNS}) SELECT a.* FROM (VALUES ${auditValues(p, [audit])}) a, v
       )
       SELECT ${VERIFICATION_COLUMNS} FROM v`,
      p.values,
    );
    return rows[0] ?? null;
  }
}
