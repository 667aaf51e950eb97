import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { countRows, insertExchange, openIntegrationDatabase, testAuditRow, testPiiCipher } from '@dxhub/testing';
import { newId } from '../ids';
import { AttemptEnd, NewVerification, VerificationRepository } from './verification.repository';

// Against the real PostgreSQL (DATABASE_URL = dxhub_test, recreated for this file).

const EX_A = 'ex-alpha';
const EX_B = 'ex-beta';
const SSN = '123-45-6789';
const cipher = testPiiCipher();

let dataSource: DataSource;
let repo: VerificationRepository;

function newVerification(overrides: Partial<NewVerification> = {}): NewVerification {
  const request = { service: 'ssa-composite', subject: { ssn: SSN, firstName: 'Ana', lastName: 'Silva', dateOfBirth: '1980-02-29' } };
  return {
    id: newId.verification(),
    exchangeId: EX_A,
    service: 'ssa-composite',
    source: 'ssa',
    reference: null,
    requestEnc: cipher.encryptJson(request),
    ssnIndex: 'blind-index-of-ssn',
    ssnLast4: '6789',
    idempotencyKey: null,
    requestHash: 'request-hash',
    correlationId: randomUUID(),
    ...overrides,
  };
}

const receivedAudit = (v: NewVerification, message = `{"subject":{"ssn":"${SSN}"}}`) =>
  testAuditRow(
    { kind: 'verification.received', exchangeId: v.exchangeId, verificationId: v.id, actor: 'cred_submitter', correlationId: v.correlationId, message },
    cipher,
  );

type BrokerKind = 'federal.request' | 'federal.response' | 'verification.completed' | 'verification.failed';
const auditFor = (id: string, kind: BrokerKind, message: string | Record<string, unknown> = { id }) =>
  testAuditRow({ kind, exchangeId: EX_A, verificationId: id, actor: 'system:broker', message }, cipher);

async function received(overrides: Partial<NewVerification> = {}): Promise<NewVerification> {
  const v = newVerification(overrides);
  const row = await repo.insertReceived(v, receivedAudit(v));
  if (!row) throw new Error(`setup: ${v.id} was not inserted`);
  return v;
}

/** A received verification claimed once: in_progress, attempt 1 started with `messageId`. */
async function inProgress(): Promise<{ id: string; messageId: string }> {
  const { id } = await received();
  const messageId = randomUUID();
  if ((await repo.startAttempt(id, 0, messageId, auditFor(id, 'federal.request'))) !== 1) throw new Error('setup: not claimed');
  return { id, messageId };
}

/** Ends an attempt; whether the verification moved. */
const endAndMove = async (input: Parameters<VerificationRepository['endAttempt']>[0]) => (await repo.endAttempt(input)).moved;

const success = (messageId: string, responseCode = 'HS000000'): AttemptEnd => ({ messageId, httpStatus: 200, responseCode, result: 'success', error: null });

async function complete(id: string, messageId: string, outcome = 'verified'): Promise<boolean> {
  return endAndMove({
    id,
    attempt: success(messageId),
    always: [auditFor(id, 'federal.response', '{"answer":"yes"}')],
    transition: {
      to: 'completed',
      outcome,
      responseCode: 'HS000000',
      resultEnc: cipher.encryptJson({ outcome }),
      audit: [auditFor(id, 'verification.completed', { id, outcome })],
    },
  });
}

const rawVerification = async (id: string) => (await dataSource.query('SELECT * FROM verifications WHERE id = $1', [id]))[0];
const attemptRows = (id: string) =>
  dataSource.query('SELECT * FROM federal_attempts WHERE verification_id = $1 ORDER BY attempt_no', [id]);
/** A verification's audit kinds, sorted: PostgreSQL does not promise an order between the CTEs of one statement. */
const auditKinds = async (id: string): Promise<string[]> =>
  (await dataSource.query('SELECT kind FROM audit_events WHERE verification_id = $1', [id])).map((r: { kind: string }) => r.kind).sort();

/** Every table a verification's writes touch, counted: "nothing written" means these do not move. */
const tableCounts = async () => ({
  verifications: await countRows(dataSource, 'verifications'),
  outbox: await countRows(dataSource, 'outbox'),
  audit: await countRows(dataSource, 'audit_events'),
  attempts: await countRows(dataSource, 'federal_attempts'),
});

beforeAll(async () => {
  dataSource = await openIntegrationDatabase();
  repo = new VerificationRepository(dataSource);
  await insertExchange(dataSource, EX_A);
  await insertExchange(dataSource, EX_B);
});

afterAll(async () => {
  await dataSource?.destroy();
});

describe('VerificationRepository.insertReceived', () => {
  it('writes the verification, one PII-free outbox row and one received audit event in one transaction', async () => {
    const v = newVerification({ reference: 'case-1', idempotencyKey: 'key-insert' });
    const audit = receivedAudit(v);
    const row = await repo.insertReceived(v, audit);

    expect(row).toMatchObject({
      id: v.id,
      exchangeId: EX_A,
      service: 'ssa-composite',
      source: 'ssa',
      status: 'queued',
      reference: 'case-1',
      requestEnc: v.requestEnc,
      ssnLast4: '6789',
      attempts: 0,
      round: 0,
      requestHash: 'request-hash',
      correlationId: v.correlationId,
      outcome: null,
      completedAt: null,
    });
    expect(row!.createdAt).toBeInstanceOf(Date);
    expect(row).toMatchObject((await repo.findById(v.id))!); // (the returned row also carries a stray `pg_notify: ''` key)

    const outbox = await dataSource.query(
      `SELECT topic, payload, dispatched_at, xmin::text AS tx FROM outbox WHERE payload->>'verificationId' = $1`,
      [v.id],
    );
    expect(outbox).toHaveLength(1);
    expect(outbox[0].topic).toBe('federal.transfer');
    expect(outbox[0].payload).toEqual({ verificationId: v.id, source: 'ssa', round: 0, correlationId: v.correlationId });
    expect(outbox[0].dispatched_at).toBeNull();
    const payloadText = JSON.stringify(outbox[0].payload);
    for (const pii of [SSN, SSN.replace(/-/g, ''), '6789', 'Silva', v.requestEnc, v.ssnIndex!]) expect(payloadText).not.toContain(pii);

    const events = await dataSource.query(
      `SELECT kind, exchange_id, verification_id, actor, correlation_id, digest, message_enc, xmin::text AS tx FROM audit_events WHERE verification_id = $1`,
      [v.id],
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      kind: 'verification.received',
      exchange_id: EX_A,
      verification_id: v.id,
      actor: 'cred_submitter',
      correlation_id: v.correlationId,
      digest: createHash('sha256').update(`{"subject":{"ssn":"${SSN}"}}`).digest('hex'),
      message_enc: audit.messageEnc,
    });
    expect(events[0].message_enc).not.toContain(SSN);

    // One statement, one transaction: all three rows carry the same inserting transaction id.
    const [{ tx }] = await dataSource.query('SELECT xmin::text AS tx FROM verifications WHERE id = $1', [v.id]);
    expect(outbox[0].tx).toBe(tx);
    expect(events[0].tx).toBe(tx);
  });

  it('writes nothing at all when part of the statement fails (the audit row is invalid)', async () => {
    const before = await tableCounts();
    const v = newVerification({ idempotencyKey: 'key-atomic' });
    const broken = { ...receivedAudit(v), actor: null as unknown as string }; // audit_events.actor is NOT NULL
    await expect(repo.insertReceived(v, broken)).rejects.toThrow(/actor/);
    expect(await tableCounts()).toEqual(before);
    // The key was not burnt by the failed attempt.
    expect(await repo.insertReceived(v, receivedAudit(v))).not.toBeNull();
  });

  it('returns null and writes nothing for a second insert with the same exchange and idempotency key', async () => {
    const first = await received({ idempotencyKey: 'key-dup', requestHash: 'first-body' });
    const before = await tableCounts();

    const second = newVerification({ idempotencyKey: 'key-dup', requestHash: 'second-body' });
    expect(await repo.insertReceived(second, receivedAudit(second))).toBeNull();

    expect(await tableCounts()).toEqual(before);
    expect(await repo.findById(second.id)).toBeNull();
    expect(await countRows(dataSource, 'audit_events', 'verification_id = $1', [second.id])).toBe(0);
    expect(await countRows(dataSource, 'outbox', `payload->>'verificationId' = $1`, [second.id])).toBe(0);
    const winner = await repo.findByIdempotencyKey(EX_A, 'key-dup');
    expect(winner).toMatchObject({ id: first.id, requestHash: 'first-body' });
  });

  it('accepts the same idempotency key in another exchange, and any number of verifications without a key', async () => {
    const a = await received({ idempotencyKey: 'key-shared' });
    const b = newVerification({ exchangeId: EX_B, idempotencyKey: 'key-shared' });
    const row = await repo.insertReceived(b, receivedAudit(b));
    expect(row).toMatchObject({ id: b.id, exchangeId: EX_B });
    expect((await repo.findByIdempotencyKey(EX_A, 'key-shared'))?.id).toBe(a.id);
    expect((await repo.findByIdempotencyKey(EX_B, 'key-shared'))?.id).toBe(b.id);

    const [n1, n2] = [newVerification(), newVerification()];
    expect(await repo.insertReceived(n1, receivedAudit(n1))).not.toBeNull();
    expect(await repo.insertReceived(n2, receivedAudit(n2))).not.toBeNull();
  });

  it('stores exactly one verification when 10 requests race with the same idempotency key', async () => {
    const contenders = Array.from({ length: 10 }, () => newVerification({ idempotencyKey: 'key-race' }));
    const results = await Promise.all(contenders.map((v) => repo.insertReceived(v, receivedAudit(v))));

    const winners = results.filter((r) => r !== null);
    expect(winners).toHaveLength(1);
    const ids = contenders.map((v) => v.id);
    expect(await countRows(dataSource, 'verifications', `exchange_id = $1 AND idempotency_key = 'key-race'`, [EX_A])).toBe(1);
    expect(await countRows(dataSource, 'outbox', `payload->>'verificationId' = ANY($1)`, [ids])).toBe(1);
    expect(await countRows(dataSource, 'audit_events', 'verification_id = ANY($1)', [ids])).toBe(1);
    expect((await repo.findByIdempotencyKey(EX_A, 'key-race'))?.id).toBe(winners[0]!.id);
  });
});

describe('VerificationRepository.startAttempt', () => {
  it('claims a queued verification: in_progress, attempts + 1, an attempt row and a federal.request event', async () => {
    const { id } = await received();
    const messageId = randomUUID();
    expect(await repo.startAttempt(id, 0, messageId, auditFor(id, 'federal.request', '{"ssn":"x"}'))).toBe(1);

    expect(await repo.findById(id)).toMatchObject({ status: 'in_progress', attempts: 1 });
    const attempts = await attemptRows(id);
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ attempt_no: 1, message_id: messageId, finished_at: null, result: null });
    expect(attempts[0].started_at).toBeInstanceOf(Date);
    expect(await auditKinds(id)).toEqual(['federal.request', 'verification.received']);

    // A retry attempt of the same transfer stays in_progress and numbers the next attempt.
    const retryId = randomUUID();
    expect(await repo.startAttempt(id, 0, retryId, auditFor(id, 'federal.request'))).toBe(2);
    expect(await repo.findById(id)).toMatchObject({ status: 'in_progress', attempts: 2 });
    expect((await attemptRows(id)).map((a: { attempt_no: number; message_id: string }) => [a.attempt_no, a.message_id])).toEqual([
      [1, messageId],
      [2, retryId],
    ]);
  });

  it('returns null and writes nothing for a completed verification', async () => {
    const { id, messageId } = await inProgress();
    expect(await complete(id, messageId)).toBe(true);
    const before = { row: await rawVerification(id), counts: await tableCounts() };

    expect(await repo.startAttempt(id, 0, randomUUID(), auditFor(id, 'federal.request'))).toBeNull();

    expect(await rawVerification(id)).toEqual(before.row);
    expect(await tableCounts()).toEqual(before.counts);
  });

  it('returns null and writes nothing for a job of an earlier round (re-dispatched by the reconciler meanwhile)', async () => {
    const { id } = await received();
    await dataSource.query(`UPDATE verifications SET round = 1 WHERE id = $1`, [id]);
    const before = { row: await rawVerification(id), counts: await tableCounts() };

    expect(await repo.startAttempt(id, 0, randomUUID(), auditFor(id, 'federal.request'))).toBeNull();

    expect(await rawVerification(id)).toEqual(before.row);
    expect(await tableCounts()).toEqual(before.counts);
    expect(await repo.startAttempt(id, 1, randomUUID(), auditFor(id, 'federal.request'))).toBe(1);
  });

  it('returns null and writes nothing for a cancelled verification, or one that does not exist', async () => {
    const { id } = await received();
    await dataSource.query(`UPDATE verifications SET status = 'cancelled' WHERE id = $1`, [id]);
    const before = { row: await rawVerification(id), counts: await tableCounts() };

    expect(await repo.startAttempt(id, 0, randomUUID(), auditFor(id, 'federal.request'))).toBeNull();
    const ghost = newId.verification();
    expect(await repo.startAttempt(ghost, 0, randomUUID(), auditFor(ghost, 'federal.request'))).toBeNull();

    expect(await rawVerification(id)).toEqual(before.row);
    expect(await tableCounts()).toEqual(before.counts);
  });
});

describe('VerificationRepository.endAttempt', () => {
  it('completes: outcome, encrypted result, response code and completed_at, with the attempt end and both events', async () => {
    const { id, messageId } = await inProgress();
    const resultEnc = cipher.encryptJson({ outcome: 'verified', citizenship: true });
    const moved = await endAndMove({
      id,
      attempt: success(messageId, 'HS000000'),
      always: [auditFor(id, 'federal.response', '{"ResponseCode":"HS000000"}')],
      transition: {
        to: 'completed',
        outcome: 'verified',
        responseCode: 'HS000000',
        resultEnc,
        audit: [auditFor(id, 'verification.completed')],
      },
    });
    expect(moved).toBe(true);

    const row = await repo.findById(id);
    expect(row).toMatchObject({ status: 'completed', outcome: 'verified', resultEnc, responseCode: 'HS000000', error: null, attempts: 1 });
    expect(row!.completedAt).toBeInstanceOf(Date);
    expect(row!.updatedAt.getTime()).toBeGreaterThanOrEqual(row!.createdAt.getTime());
    expect(cipher.decryptJson(row!.resultEnc!)).toEqual({ outcome: 'verified', citizenship: true });

    const [attempt] = await attemptRows(id);
    expect(attempt).toMatchObject({ message_id: messageId, http_status: 200, response_code: 'HS000000', result: 'success', error: null });
    expect(attempt.finished_at).toBeInstanceOf(Date);
    expect(await auditKinds(id)).toEqual(['federal.request', 'federal.response', 'verification.completed', 'verification.received']);
  });

  it('records a late or duplicate answer on a completed verification and ignores it', async () => {
    // Attempt 1 times out (retry), attempt 2 completes, then attempt 1's answer turns up after all.
    const { id, messageId: first } = await inProgress();
    await endAndMove({ id, attempt: { messageId: first, httpStatus: null, responseCode: null, result: 'retryable', error: 'timeout' }, always: [] });
    const second = randomUUID();
    expect(await repo.startAttempt(id, 0, second, auditFor(id, 'federal.request'))).toBe(2);
    expect(await complete(id, second, 'verified')).toBe(true);
    const completed = await rawVerification(id);

    const late = await endAndMove({
      id,
      attempt: { messageId: first, httpStatus: 200, responseCode: 'HS000001', result: 'success', error: null },
      always: [auditFor(id, 'federal.response', '{"late":true}')],
      transition: {
        to: 'completed',
        outcome: 'not_verified',
        responseCode: 'HS000001',
        resultEnc: cipher.encryptJson({ outcome: 'not_verified' }),
        audit: [auditFor(id, 'verification.completed', { late: true })],
      },
    });
    expect(late).toBe(false);
    expect(await rawVerification(id)).toEqual(completed); // outcome, result, code, timestamps: all untouched

    const attempts = await attemptRows(id);
    expect(attempts[0]).toMatchObject({ attempt_no: 1, message_id: first, http_status: 200, response_code: 'HS000001', result: 'success', error: null });
    expect(attempts[1]).toMatchObject({ attempt_no: 2, message_id: second, result: 'success', response_code: 'HS000000' });
    expect(await auditKinds(id)).toEqual([
      'federal.request',
      'federal.request',
      'federal.response',
      'federal.response', // the late answer is in the journal...
      'verification.completed', // ...but its transition event is not
      'verification.received',
    ]);

    // The same answer delivered twice (a duplicate job) is recorded twice and moves nothing either.
    const again = await endAndMove({
      id,
      attempt: success(second),
      always: [auditFor(id, 'federal.response', '{"answer":"yes"}')],
      transition: { to: 'failed', error: { code: 'X' }, audit: [auditFor(id, 'verification.failed')] },
    });
    expect(again).toBe(false);
    expect(await rawVerification(id)).toEqual(completed);
    expect((await auditKinds(id)).filter((k) => k === 'federal.response')).toHaveLength(3);
    expect(await auditKinds(id)).not.toContain('verification.failed');
  });

  it('without a transition ends the attempt and keeps the verification in_progress', async () => {
    const { id, messageId } = await inProgress();
    const before = await rawVerification(id);
    const moved = await endAndMove({
      id,
      attempt: { messageId, httpStatus: 503, responseCode: null, result: 'retryable', error: 'federal Hub answered HTTP 503' },
      always: [auditFor(id, 'federal.response', 'Service Unavailable')],
    });
    expect(moved).toBe(false);

    expect(await rawVerification(id)).toEqual(before);
    expect(before.status).toBe('in_progress');
    const [attempt] = await attemptRows(id);
    expect(attempt).toMatchObject({ http_status: 503, result: 'retryable', error: 'federal Hub answered HTTP 503' });
    expect(attempt.finished_at).toBeInstanceOf(Date);
    expect(await auditKinds(id)).toEqual(['federal.request', 'federal.response', 'verification.received']);
  });

  it('fails: error as jsonb, no completed_at, the failure event', async () => {
    const { id, messageId } = await inProgress();
    const error = { code: 'HE001', message: 'permanent rejection', source: 'ssa', attempts: 1 };
    const moved = await endAndMove({
      id,
      attempt: { messageId, httpStatus: 400, responseCode: 'HE001', result: 'permanent', error: 'rejected' },
      always: [],
      transition: { to: 'failed', error, responseCode: 'HE001', audit: [auditFor(id, 'verification.failed', error)] },
    });
    expect(moved).toBe(true);
    expect(await repo.findById(id)).toMatchObject({ status: 'failed', error, responseCode: 'HE001', outcome: null, completedAt: null });
    const [{ kind }] = await dataSource.query(`SELECT jsonb_typeof(error) AS kind FROM verifications WHERE id = $1`, [id]);
    expect(kind).toBe('object');
    expect(await auditKinds(id)).toEqual(['federal.request', 'verification.failed', 'verification.received']);
  });
});

describe('VerificationRepository.failWithoutAttempt', () => {
  const error = { code: 'DXHUB_INVALID_TRANSFER', message: 'unknown service', source: 'ssa', attempts: 0 };

  it('moves an in_progress verification to failed with its error as jsonb and a failure event', async () => {
    const { id } = await inProgress();
    expect(await repo.failWithoutAttempt(id, error, auditFor(id, 'verification.failed', error))).toBe(true);

    expect(await repo.findById(id)).toMatchObject({ status: 'failed', error, completedAt: null });
    const [{ kind, code }] = await dataSource.query(`SELECT jsonb_typeof(error) AS kind, error->>'code' AS code FROM verifications WHERE id = $1`, [id]);
    expect([kind, code]).toEqual(['object', 'DXHUB_INVALID_TRANSFER']);
    expect(await auditKinds(id)).toEqual(['federal.request', 'verification.failed', 'verification.received']);
  });

  it('leaves a completed verification alone and writes nothing', async () => {
    const { id, messageId } = await inProgress();
    await complete(id, messageId);
    const before = { row: await rawVerification(id), counts: await tableCounts() };
    expect(await repo.failWithoutAttempt(id, error, auditFor(id, 'verification.failed', error))).toBe(false);
    expect(await rawVerification(id)).toEqual(before.row);
    expect(await tableCounts()).toEqual(before.counts);
  });

  // KNOWN BUG (reported, not fixed here): the broker calls failWithoutAttempt before startAttempt
  // (FederalTransferService.failWithoutCall), i.e. on a verification that is still `queued`, but the state
  // machine allows `failed` only from in_progress/awaiting_federal, so the guarded UPDATE matches nothing and
  // the verification stays queued forever with its job done. `it.failing` turns red once it is fixed:
  // then make it a plain `it`.
  it('fails a queued verification that never reached the federal side', async () => {
    const { id } = await received();
    expect(await repo.failWithoutAttempt(id, error, auditFor(id, 'verification.failed', error))).toBe(true);
    expect(await repo.findById(id)).toMatchObject({ status: 'failed', error });
  });
});

describe('VerificationRepository reads', () => {
  const EX_LIST = 'ex-list';
  const EX_OTHER = 'ex-list-other';
  let ids: string[]; // in creation order

  beforeAll(async () => {
    await insertExchange(dataSource, EX_LIST);
    await insertExchange(dataSource, EX_OTHER);
    ids = [];
    for (let i = 0; i < 7; i++) {
      const v = await received({
        exchangeId: EX_LIST,
        service: i % 3 === 0 ? 'dhs-save' : 'ssa-composite',
        source: i % 3 === 0 ? 'dhs' : 'ssa',
        reference: i < 2 ? 'case-42' : `case-${i}`,
      });
      ids.push(v.id);
      // Interleave another exchange's rows: they must never show up.
      await received({ exchangeId: EX_OTHER, reference: 'case-42' });
    }
    // Two of them moved on, and the first three are old.
    await dataSource.query(`UPDATE verifications SET status = 'completed' WHERE id = ANY($1)`, [[ids[1], ids[4]]]);
    await dataSource.query(`UPDATE verifications SET created_at = now() - interval '2 days' WHERE id = ANY($1)`, [ids.slice(0, 3)]);
  });

  const listIds = async (filter: Partial<Parameters<VerificationRepository['listForExchange']>[0]> = {}) => {
    const page = await repo.listForExchange({ exchangeId: EX_LIST, limit: 50, ...filter });
    return { ids: page.rows.map((r) => r.id), hasMore: page.hasMore, rows: page.rows };
  };

  it('lists newest first by id, only the caller exchange', async () => {
    const page = await listIds();
    expect(page.ids).toEqual([...ids].reverse());
    expect(page.hasMore).toBe(false);
    expect(page.rows.every((r) => r.exchangeId === EX_LIST)).toBe(true);
  });

  it('pages with limit, hasMore and afterId without gaps or repeats', async () => {
    const seen: string[] = [];
    let afterId: string | undefined;
    const pages: boolean[] = [];
    for (;;) {
      const page = await listIds({ limit: 3, afterId });
      expect(page.ids.length).toBeLessThanOrEqual(3);
      seen.push(...page.ids);
      pages.push(page.hasMore);
      if (!page.hasMore) break;
      afterId = page.ids[page.ids.length - 1];
    }
    expect(pages).toEqual([true, true, false]);
    expect(seen).toEqual([...ids].reverse());

    // Exactly `limit` rows left: no further page.
    expect(await listIds({ limit: 2, afterId: ids[2] })).toMatchObject({ ids: [ids[1], ids[0]], hasMore: false });
  });

  it('filters by status, service, reference and createdAfter, alone and combined', async () => {
    expect((await listIds({ status: 'completed' })).ids).toEqual([ids[4], ids[1]]);
    expect((await listIds({ status: 'queued' })).ids).toEqual([ids[6], ids[5], ids[3], ids[2], ids[0]]);
    expect((await listIds({ service: 'dhs-save' })).ids).toEqual([ids[6], ids[3], ids[0]]);
    expect((await listIds({ reference: 'case-42' })).ids).toEqual([ids[1], ids[0]]);
    expect((await listIds({ createdAfter: new Date(Date.now() - 24 * 3600 * 1000) })).ids).toEqual([ids[6], ids[5], ids[4], ids[3]]);
    expect((await listIds({ service: 'ssa-composite', status: 'queued', createdAfter: new Date(Date.now() - 3600 * 1000) })).ids).toEqual([
      ids[5],
    ]);
    expect((await listIds({ reference: 'case-42', status: 'queued', limit: 1 })).ids).toEqual([ids[0]]);
    expect(await listIds({ reference: 'nobody' })).toMatchObject({ ids: [], hasMore: false });
  });

  it('never returns another exchange verification, by list or by id', async () => {
    const theirs = await repo.listForExchange({ exchangeId: EX_OTHER, limit: 100 });
    expect(theirs.rows).toHaveLength(7);
    expect(theirs.rows.some((r) => ids.includes(r.id))).toBe(false);

    expect(await repo.findForExchange(ids[0], EX_OTHER)).toBeNull();
    expect(await repo.findForExchange(theirs.rows[0].id, EX_LIST)).toBeNull();
    expect(await repo.findForExchange(ids[0], EX_LIST)).toMatchObject({ id: ids[0], exchangeId: EX_LIST });
    expect(await repo.findForExchange(newId.verification(), EX_LIST)).toBeNull();
  });
});

describe('VerificationRepository asynchronous answers', () => {
  const pollPayload = (id: string, pollNo: number) => ({ verificationId: id, source: 'dhs', round: 0, correlationId: 'c', pollNo, delayMs: 2000 });

  /** An in_progress verification acknowledged by the federal side: awaiting_federal with its first poll queued. */
  async function awaiting(): Promise<{ id: string }> {
    const { id, messageId } = await inProgress();
    const moved = await endAndMove({
      id,
      attempt: success(messageId),
      always: [auditFor(id, 'federal.response', '{"caseNumber":"0024172183006TS"}')],
      transition: {
        to: 'awaiting_federal',
        responseCode: 'HS000000',
        resultEnc: cipher.encryptJson({ caseNumber: '0024172183006TS' }),
        audit: [],
        followUp: { topic: 'federal.poll', payload: pollPayload(id, 1) },
      },
    });
    if (!moved) throw new Error('setup: not awaiting');
    return { id };
  }

  it('moves to awaiting_federal with the partial result and queues the first poll in the same statement', async () => {
    const { id } = await awaiting();
    const row = await rawVerification(id);
    expect(row).toMatchObject({ status: 'awaiting_federal', outcome: null, response_code: 'HS000000', completed_at: null });
    expect(cipher.decryptJson(row.result_enc)).toEqual({ caseNumber: '0024172183006TS' });
    const polls = await dataSource.query(`SELECT payload FROM outbox WHERE topic = 'federal.poll' AND payload->>'verificationId' = $1`, [id]);
    expect(polls.map((p: { payload: unknown }) => p.payload)).toEqual([pollPayload(id, 1)]);
  });

  it('records a poll as a poll attempt without counting a new transfer attempt', async () => {
    const { id } = await awaiting();
    const messageId = randomUUID();
    expect(await repo.startPoll(id, 0, messageId, auditFor(id, 'federal.request', '{"caseNumber":"0024172183006TS"}'))).toBe(true);
    const attempts = await attemptRows(id);
    expect(attempts.map((a: { kind: string; attempt_no: number }) => [a.kind, a.attempt_no])).toEqual([
      ['call', 1],
      ['poll', 1],
    ]);
    expect((await rawVerification(id)).attempts).toBe(1);
  });

  it('keeps polling while pending and completes from awaiting_federal', async () => {
    const { id } = await awaiting();
    const stillPending = randomUUID();
    await repo.startPoll(id, 0, stillPending, auditFor(id, 'federal.request'));
    const again = await endAndMove({
      id,
      attempt: success(stillPending),
      always: [],
      transition: { to: 'awaiting_federal', responseCode: 'HS000000', resultEnc: cipher.encryptJson({ caseNumber: 'x' }), audit: [], followUp: { topic: 'federal.poll', payload: pollPayload(id, 2) } },
    });
    expect(again).toBe(true);
    const answered = randomUUID();
    await repo.startPoll(id, 0, answered, auditFor(id, 'federal.request'));
    expect(await complete(id, answered)).toBe(true);
    expect((await rawVerification(id)).status).toBe('completed');
    expect(await countRows(dataSource, 'outbox', `topic = 'federal.poll' AND payload->>'verificationId' = $1`, [id])).toBe(2);
  });

  it('does not poll for a job of an earlier round', async () => {
    const { id } = await awaiting();
    await dataSource.query(`UPDATE verifications SET round = round + 1 WHERE id = $1`, [id]);
    const before = await tableCounts();
    expect(await repo.startPoll(id, 0, randomUUID(), auditFor(id, 'federal.request'))).toBe(false);
    expect(await tableCounts()).toEqual(before);
  });

  it('does not poll a verification that no longer awaits, and queues no follow-up for it', async () => {
    const { id, messageId } = await inProgress();
    await complete(id, messageId);
    expect(await repo.startPoll(id, 0, randomUUID(), auditFor(id, 'federal.request'))).toBe(false);
    const late = await endAndMove({
      id,
      attempt: success(messageId),
      always: [],
      transition: { to: 'awaiting_federal', responseCode: 'HS000000', resultEnc: null, audit: [], followUp: { topic: 'federal.poll', payload: pollPayload(id, 9) } },
    });
    expect(late).toBe(false);
    expect(await countRows(dataSource, 'outbox', `topic = 'federal.poll' AND payload->>'verificationId' = $1`, [id])).toBe(0);
  });

  it('marks FTI verifications and their audit events', async () => {
    const v = newVerification({ service: 'ifsv', source: 'irs', fti: true });
    await repo.insertReceived(v, { ...receivedAudit(v), fti: true });
    expect((await rawVerification(v.id)).fti).toBe(true);
    const [event] = await dataSource.query('SELECT fti FROM audit_events WHERE verification_id = $1', [v.id]);
    expect(event.fti).toBe(true);
  });
});

describe('VerificationRepository under concurrent workers (coalesced statements)', () => {
  it('answers each of many concurrent starts and ends on its own, as if each ran alone', async () => {
    const ids = await Promise.all(Array.from({ length: 30 }, async () => (await received()).id));
    const stale = ids[0];
    await dataSource.query(`UPDATE verifications SET round = 1 WHERE id = $1`, [stale]);

    // Started together: the one of a superseded round is refused, the others get attempt 1.
    const messageIds = ids.map(() => randomUUID());
    const started = await Promise.all(ids.map((id, n) => repo.startAttempt(id, 0, messageIds[n], auditFor(id, 'federal.request'))));
    expect(started).toEqual(ids.map((id) => (id === stale ? null : 1)));

    // Ended together: a third complete, a third fail, a third only record a retryable answer.
    const live = ids.slice(1);
    const moved = await Promise.all(
      live.map((id, n) => {
        const messageId = messageIds[n + 1];
        if (n % 3 === 0) return complete(id, messageId);
        if (n % 3 === 1) {
          return endAndMove({
            id,
            attempt: { messageId, httpStatus: 400, responseCode: 'HE007000', result: 'permanent', error: 'rejected' },
            always: [auditFor(id, 'federal.response')],
            transition: { to: 'failed', responseCode: 'HE007000', error: { code: 'HE007000' }, audit: [auditFor(id, 'verification.failed')] },
          });
        }
        return endAndMove({ id, attempt: { messageId, httpStatus: 500, responseCode: 'HX009000', result: 'retryable', error: 'busy' }, always: [auditFor(id, 'federal.response')] });
      }),
    );
    expect(moved).toEqual(live.map((_, n) => n % 3 !== 2));

    for (const [n, id] of live.entries()) {
      const row = await rawVerification(id);
      const expected = ['completed', 'failed', 'in_progress'][n % 3];
      expect(row.status).toBe(expected);
      const kinds = await auditKinds(id);
      const ending = { completed: ['verification.completed'], failed: ['verification.failed'], in_progress: [] }[expected as 'completed'];
      expect(kinds).toEqual(['federal.request', 'federal.response', ...ending, 'verification.received'].sort());
      const [attempt] = await attemptRows(id);
      expect(attempt.finished_at).toBeInstanceOf(Date);
      expect(attempt.result).toBe(['success', 'permanent', 'retryable'][n % 3]);
    }
    expect(await auditKinds(stale)).toEqual(['verification.received']);
  });

  it('never lets two concurrent ends of one verification both move it', async () => {
    const { id, messageId: first } = await inProgress();
    const second = randomUUID();
    await dataSource.query(
      `INSERT INTO federal_attempts (verification_id, attempt_no, message_id, started_at) VALUES ($1, 2, $2, now())`,
      [id, second],
    );
    const moved = await Promise.all([complete(id, first), complete(id, second, 'not_verified')]);
    expect(moved.filter(Boolean)).toHaveLength(1);
    expect(await auditKinds(id)).toEqual(['federal.request', 'federal.response', 'federal.response', 'verification.completed', 'verification.received']);
  });
});
