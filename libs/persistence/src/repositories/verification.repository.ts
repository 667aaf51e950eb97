import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { allowedSourcesOf, VerificationStatus } from '@dxhub/contracts';
import { preparedQuery } from '../prepared-query';
import { SqlParams } from '../sql-params';
import { AUDIT_COLUMNS, AuditRow, auditValues } from './audit-row';
import { federalTransferOutboxInsert, NOTIFY_RELAY } from './outbox-rows';
import { DELIVERY_NOTIFY, deliveryCtes } from './delivery-on-terminal';
import { VERIFICATION_COLUMNS, VerificationRow } from './verification-row';

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

/**
 * Verifications and what happens to them. Each method is one statement: the change, its attempt row,
 * its audit events and its outbox row commit together or not at all, in one round trip.
 */
@Injectable()
export class VerificationRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Stores a received verification with its outbox row and audit event, and wakes the relay on commit.
   * Returns null when the (exchange, idempotency key) already exists: nothing is written then.
   */
  async insertReceived(v: NewVerification, audit: AuditRow): Promise<VerificationRow | null> {
    const p = new SqlParams();
    const rows = await preparedQuery(this.dataSource, 
      `WITH v AS (
         INSERT INTO verifications (id, exchange_id, service, source, status, reference, request_enc, ssn_index, ssn_last4,
                                    idempotency_key, request_hash, correlation_id, previous_verification_id, fti, reply_channel)
         VALUES (${p.add(v.id)}, ${p.add(v.exchangeId)}, ${p.add(v.service)}, ${p.add(v.source)}, 'queued', ${p.add(v.reference)},
                 ${p.add(v.requestEnc)}, ${p.add(v.ssnIndex)}, ${p.add(v.ssnLast4)}, ${p.add(v.idempotencyKey)},
                 ${p.add(v.requestHash)}, ${p.add(v.correlationId)}, ${p.add(v.previousVerificationId ?? null)}, ${p.add(v.fti ?? false)},
                 ${p.add(v.replyChannel ?? null)})
         ON CONFLICT (exchange_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
         RETURNING *
       ), outbox_row AS (
         ${federalTransferOutboxInsert(p)}
       ), audit AS (
         INSERT INTO audit_events (${AUDIT_COLUMNS}) SELECT a.* FROM (VALUES ${auditValues(p, [audit])}) a, v
       )
       SELECT ${VERIFICATION_COLUMNS} FROM v ${NOTIFY_RELAY}`,
      p.values,
    );
    return rows[0] ?? null;
  }

  async findByIdempotencyKey(exchangeId: string, key: string): Promise<VerificationRow | null> {
    const rows = await this.dataSource.query(
      `SELECT ${VERIFICATION_COLUMNS} FROM verifications WHERE exchange_id = $1 AND idempotency_key = $2`,
      [exchangeId, key],
    );
    return rows[0] ?? null;
  }

  /** Tenant-scoped read: another exchange's verification does not exist for the caller. */
  async findForExchange(id: string, exchangeId: string): Promise<VerificationRow | null> {
    const rows = await this.dataSource.query(`SELECT ${VERIFICATION_COLUMNS} FROM verifications WHERE id = $1 AND exchange_id = $2`, [
      id,
      exchangeId,
    ]);
    return rows[0] ?? null;
  }

  async findById(id: string): Promise<VerificationRow | null> {
    const rows = await preparedQuery(this.dataSource, `SELECT ${VERIFICATION_COLUMNS} FROM verifications WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

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
   */
  async startAttempt(id: string, round: number, messageId: string, request: AuditRow): Promise<number | null> {
    const p = new SqlParams();
    const rows = await preparedQuery(this.dataSource, 
      `WITH v AS (
         UPDATE verifications SET status = 'in_progress', attempts = attempts + 1, updated_at = now()
         WHERE id = ${p.add(id)} AND round = ${p.add(round)} AND status = ANY(${p.add(allowedSourcesOf('in_progress'))})
         RETURNING id, attempts
       ), attempt AS (
         INSERT INTO federal_attempts (verification_id, attempt_no, message_id, started_at)
         SELECT id, attempts, ${p.add(messageId)}, now() FROM v
       ), audit AS (
         INSERT INTO audit_events (${AUDIT_COLUMNS}) SELECT a.* FROM (VALUES ${auditValues(p, [request])}) a, v
       )
       SELECT attempts FROM v`,
      p.values,
    );
    return rows[0]?.attempts ?? null;
  }

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
   */
  async endAttempt(input: {
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
    };
  }): Promise<boolean> {
    const { id, attempt, always, transition } = input;
    const p = new SqlParams();
    const ctes = [
      `ended AS (
         UPDATE federal_attempts SET finished_at = now(), http_status = ${p.add(attempt.httpStatus)},
           response_code = ${p.add(attempt.responseCode)}, result = ${p.add(attempt.result)}, error = ${p.add(attempt.error)}
         WHERE message_id = ${p.add(attempt.messageId)}
       )`,
    ];
    if (always.length) {
      ctes.push(`recorded AS (INSERT INTO audit_events (${AUDIT_COLUMNS}) VALUES ${auditValues(p, always)})`);
    }
    if (!transition) {
      await preparedQuery(this.dataSource, `WITH ${ctes.join(', ')} SELECT 1`, p.values);
      return false;
    }
    ctes.unshift(`v AS (
       UPDATE verifications SET status = ${p.add(transition.to)}, outcome = ${p.add(transition.outcome ?? null)},
         result_enc = ${p.add(transition.resultEnc ?? null)}, response_code = ${p.add(transition.responseCode ?? null)},
         error = ${p.add(transition.error ? JSON.stringify(transition.error) : null)}::jsonb,
         updated_at = now(), completed_at = ${transition.to === 'completed' ? 'now()' : 'completed_at'}
       WHERE id = ${p.add(id)} AND status = ANY(${p.add(allowedSourcesOf(transition.to))})
       RETURNING id, exchange_id, correlation_id
     )`);
    if (transition.audit.length) {
      ctes.push(`moved AS (INSERT INTO audit_events (${AUDIT_COLUMNS}) SELECT a.* FROM (VALUES ${auditValues(p, transition.audit)}) a, v)`);
    }
    const { followUp } = transition;
    if (followUp) {
      ctes.push(`follow_up AS (INSERT INTO outbox (topic, payload) SELECT ${p.add(followUp.topic)}, ${p.add(JSON.stringify(followUp.payload))}::jsonb FROM v)`);
    }
    // Only a verification's end is delivered to the exchange (CONTRACT: webhooks).
    const end = transition.to === 'awaiting_federal' ? null : transition.to;
    if (end) ctes.push(...deliveryCtes(p, end));
    const notify = (followUp ? ` ${NOTIFY_RELAY}` : '') + (end ? DELIVERY_NOTIFY : '');
    const rows = await preparedQuery(this.dataSource, `WITH ${ctes.join(', ')} SELECT id FROM v${notify}`, p.values);
    return rows.length > 0;
  }

  /** Fails a verification that never reached the federal side (e.g. its request can no longer be built). */
  async failWithoutAttempt(id: string, error: Record<string, unknown>, audit: AuditRow): Promise<boolean> {
    const p = new SqlParams();
    const rows = await this.dataSource.query(
      `WITH v AS (
         UPDATE verifications SET status = 'failed', error = ${p.add(JSON.stringify(error))}::jsonb, updated_at = now()
         WHERE id = ${p.add(id)} AND status = ANY(${p.add(allowedSourcesOf('failed'))})
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
         WHERE id = ANY(${p.add(items.map((i) => i.id))}) AND status = ANY(${p.add(allowedSourcesOf('queued'))})
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
         WHERE id = ${p.add(id)} AND status = ANY(${p.add(allowedSourcesOf('cancelled'))})
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
