import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { countRows, insertExchange, openIntegrationDatabase, testAuditRow, testPiiCipher } from '@dxhub/testing';
import { newId } from '../ids';
import { decodeFailedTransferCursor, encodeFailedTransferCursor, OperationsRepository } from './operations.repository';
import { AuditEventRepository } from './audit-event.repository';
import { NewVerification, VerificationRepository } from './verification.repository';

// The operators' reads (OperationsRepository) and transitions (VerificationRepository.redriveFailed/cancel)
// against the real PostgreSQL (DATABASE_URL = dxhub_test, recreated for this file).

const EX_A = 'ops-alpha';
const EX_B = 'ops-beta';
const cipher = testPiiCipher();

let dataSource: DataSource;
let verifications: VerificationRepository;
let operations: OperationsRepository;

async function received(overrides: Partial<NewVerification> = {}): Promise<string> {
  const v: NewVerification = {
    id: newId.verification(),
    exchangeId: EX_A,
    service: 'ssa-composite',
    source: 'ssa',
    reference: null,
    requestEnc: cipher.encryptJson({ service: 'ssa-composite' }),
    ssnIndex: null,
    ssnLast4: null,
    idempotencyKey: null,
    requestHash: 'request-hash',
    correlationId: randomUUID(),
    ...overrides,
  };
  const audit = testAuditRow({ kind: 'verification.received', exchangeId: v.exchangeId, verificationId: v.id }, cipher);
  if (!(await verifications.insertReceived(v, audit))) throw new Error('setup: not inserted');
  return v.id;
}

/** A verification that made one federal call and failed with `code`, `failedAt` as its failure time. */
async function failed(overrides: Partial<NewVerification> = {}, code = 'HE007000', failedAt?: string): Promise<string> {
  const id = await received(overrides);
  const messageId = randomUUID();
  await verifications.startAttempt(id, 0, messageId, operatorAudit(id, 'federal.request'));
  await verifications.endAttempt({
    id,
    attempt: { messageId, httpStatus: 400, responseCode: code, result: 'permanent', error: `HTTP 400 ${code}` },
    always: [],
    transition: { to: 'failed', responseCode: code, error: { code, message: 'rejected', source: 'ssa', attempts: 1 }, audit: [] },
  });
  if (failedAt) await dataSource.query('UPDATE verifications SET updated_at = $2 WHERE id = $1', [id, failedAt]);
  return id;
}

type Kind = 'operator.action' | 'federal.request';
const operatorAudit = (id: string, kind: Kind = 'operator.action') =>
  testAuditRow({ kind, exchangeId: EX_A, verificationId: id, actor: 'operator:cred_1', message: { action: 'retry', reason: 'test' } }, cipher);

const raw = async (id: string) => (await dataSource.query('SELECT * FROM verifications WHERE id = $1', [id]))[0];
const operatorActions = (id: string) => countRows(dataSource, 'audit_events', "verification_id = $1 AND kind = 'operator.action'", [id]);

beforeAll(async () => {
  dataSource = await openIntegrationDatabase();
  verifications = new VerificationRepository(dataSource);
  operations = new OperationsRepository(dataSource);
  await insertExchange(dataSource, EX_A);
  await insertExchange(dataSource, EX_B);
});

afterAll(async () => {
  await dataSource?.destroy();
});

describe('VerificationRepository.redriveFailed', () => {
  it('moves a failed verification to queued in a new round, clears the error, writes the outbox row and audit event', async () => {
    const id = await failed();
    const before = await raw(id);
    const moved = await verifications.redriveFailed([{ id, audit: operatorAudit(id) }]);

    expect(moved).toHaveLength(1);
    expect(moved[0]).toMatchObject({ id, status: 'queued', round: before.round + 1, error: null, attempts: 1 });
    const outbox = await dataSource.query("SELECT payload FROM outbox WHERE topic = 'federal.transfer' AND payload->>'verificationId' = $1 ORDER BY id", [id]);
    expect(outbox.map((r: { payload: { round: number } }) => r.payload.round)).toEqual([0, 1]);
    expect(await operatorActions(id)).toBe(1);
    expect(await countRows(dataSource, 'federal_attempts', 'verification_id = $1', [id])).toBe(1);
  });

  it('leaves a verification that is not failed alone: no change, no outbox row, no audit event', async () => {
    const id = await failed();
    await verifications.redriveFailed([{ id, audit: operatorAudit(id) }]);
    const completed = await received();
    await dataSource.query("UPDATE verifications SET status = 'completed' WHERE id = $1", [completed]);
    const outboxBefore = await countRows(dataSource, 'outbox');

    // Now queued: a second retry does nothing; so does one of a completed verification.
    expect(await verifications.redriveFailed([{ id, audit: operatorAudit(id) }])).toEqual([]);
    expect(await verifications.redriveFailed([{ id: completed, audit: operatorAudit(completed) }])).toEqual([]);

    expect((await raw(completed)).status).toBe('completed');
    expect(await countRows(dataSource, 'outbox')).toBe(outboxBefore);
    expect(await operatorActions(id)).toBe(1);
    expect(await operatorActions(completed)).toBe(0);
  });

  it('re-drives a batch in one statement, auditing only the ones that moved', async () => {
    const a = await failed();
    const b = await failed();
    const notFailed = await received();
    const moved = await verifications.redriveFailed([a, b, notFailed].map((id) => ({ id, audit: operatorAudit(id) })));
    expect(moved.map((r) => r.id).sort()).toEqual([a, b].sort());
    expect([await operatorActions(a), await operatorActions(b), await operatorActions(notFailed)]).toEqual([1, 1, 0]);
  });
});

describe('VerificationRepository.cancel', () => {
  it('cancels a queued or failed verification with its audit event', async () => {
    for (const id of [await received(), await failed()]) {
      expect(await verifications.cancel(id, operatorAudit(id))).toMatchObject({ id, status: 'cancelled' });
      expect(await operatorActions(id)).toBe(1);
    }
  });

  it('does nothing to a completed or cancelled verification', async () => {
    const id = await received();
    await verifications.cancel(id, operatorAudit(id));
    expect(await verifications.cancel(id, operatorAudit(id))).toBeNull();
    expect(await operatorActions(id)).toBe(1);
  });
});

describe('OperationsRepository.listFailedVerifications', () => {
  const EX = 'ops-failed';
  let ids: string[];

  beforeAll(async () => {
    await insertExchange(dataSource, EX);
    ids = [];
    for (let i = 0; i < 5; i++) ids.push(await failed({ exchangeId: EX, reference: `case-${i}` }, i % 2 ? 'HX005001' : 'HE007000', `2026-01-0${i + 1}T00:00:00.123456Z`));
    await received({ exchangeId: EX });
  });

  it('lists failed verifications newest failure first with their error, attempts and failure time', async () => {
    const { rows, hasMore } = await operations.listFailedVerifications({ exchangeId: EX }, undefined, 10);
    expect(hasMore).toBe(false);
    expect(rows.map((r) => r.id)).toEqual([...ids].reverse());
    expect(rows[0]).toMatchObject({ id: ids[4], exchangeId: EX, service: 'ssa-composite', source: 'ssa', reference: 'case-4', attempts: 1, error: { code: 'HE007000' } });
    expect(rows[0].failedAt.toISOString()).toBe('2026-01-05T00:00:00.123Z');
  });

  it('filters by error code, source, service and failure time', async () => {
    const byCode = await operations.listFailedVerifications({ exchangeId: EX, errorCode: 'HX005001' }, undefined, 10);
    expect(byCode.rows.map((r) => r.id)).toEqual([ids[3], ids[1]]);
    const window = await operations.listFailedVerifications(
      { exchangeId: EX, since: new Date('2026-01-02T00:00:00Z'), until: new Date('2026-01-04T00:00:00Z') },
      undefined,
      10,
    );
    expect(window.rows.map((r) => r.id)).toEqual([ids[2], ids[1]]);
    expect((await operations.listFailedVerifications({ exchangeId: EX, source: 'dhs' }, undefined, 10)).rows).toEqual([]);
    expect((await operations.listFailedVerifications({ exchangeId: EX, service: 'vci' }, undefined, 10)).rows).toEqual([]);
  });

  it('pages with a keyset cursor that keeps microseconds: no row skipped or repeated', async () => {
    // Two failures in the same millisecond, a microsecond apart.
    const sameMs = [
      await failed({ exchangeId: EX }, 'HE007000', '2026-02-01T00:00:00.000001Z'),
      await failed({ exchangeId: EX }, 'HE007000', '2026-02-01T00:00:00.000002Z'),
    ];
    const seen: string[] = [];
    let after;
    for (;;) {
      const page = await operations.listFailedVerifications({ exchangeId: EX }, after, 2);
      seen.push(...page.rows.map((r) => r.id));
      if (!page.hasMore) break;
      after = decodeFailedTransferCursor(encodeFailedTransferCursor(page.rows[page.rows.length - 1].key))!;
    }
    expect(seen).toEqual([sameMs[1], sameMs[0], ...[...ids].reverse()]);
  });

  it('rejects a cursor it did not make', () => {
    expect(decodeFailedTransferCursor('bm9wZQ')).toBeNull();
    expect(decodeFailedTransferCursor(encodeFailedTransferCursor({ failedAtMicros: '1', id: 'ver_01J00000000000000000000000' }))).toEqual({
      failedAtMicros: '1',
      id: 'ver_01J00000000000000000000000',
    });
  });

  it('gives the bulk re-drive its batches in id order after a given id', async () => {
    const all = await operations.failedBatch({ exchangeId: EX, errorCode: 'HX005001' }, null, 10);
    expect(all.map((r) => r.id)).toEqual([ids[1], ids[3]]);
    expect((await operations.failedBatch({ exchangeId: EX, errorCode: 'HX005001' }, ids[1], 10)).map((r) => r.id)).toEqual([ids[3]]);
  });
});

describe('OperationsRepository.listFailedVerifications sorted', () => {
  const EX_1 = 'ops-sort-a';
  const EX_2 = 'ops-sort-b';
  let rows: { id: string; exchangeId: string; code: string }[];

  beforeAll(async () => {
    await insertExchange(dataSource, EX_1);
    await insertExchange(dataSource, EX_2);
    rows = [];
    for (let i = 0; i < 6; i++) {
      const exchangeId = i % 2 ? EX_2 : EX_1;
      const code = ['HE007000', 'HX005001', 'HX009000'][i % 3];
      rows.push({ id: await failed({ exchangeId }, code, `2026-03-0${i + 1}T00:00:00Z`), exchangeId, code });
    }
    // A failed webhook delivery of the first one joins the list as its own row (code WEBHOOK_DELIVERY_FAILED).
    await dataSource.query(
      `INSERT INTO deliveries (id, verification_id, exchange_id, type, status, attempts, last_error, created_at, updated_at)
       VALUES ($1, $2, $3, 'verification.failed', 'failed', 4, 'HTTP 500', now(), '2026-03-09T00:00:00Z')`,
      [newId.delivery(), rows[0].id, EX_1],
    );
  });

  const walk = async (sort: { by: 'failedAt' | 'exchangeId' | 'service' | 'errorCode'; direction: 'asc' | 'desc' }, pageSize = 2) => {
    const seen: { id: string; exchangeId: string; code: string }[] = [];
    let after;
    for (;;) {
      const page = await operations.listFailedVerifications({ since: new Date('2026-03-01T00:00:00Z'), until: new Date('2026-03-10T00:00:00Z') }, after, pageSize, sort);
      seen.push(...page.rows.map((r) => ({ id: r.id, exchangeId: r.exchangeId, code: String(r.error?.code) })));
      if (!page.hasMore) return seen;
      after = decodeFailedTransferCursor(encodeFailedTransferCursor(page.rows[page.rows.length - 1].key, sort), sort)!;
      expect(after).not.toBeNull();
    }
  };

  it('pages through every row once in each order, failed deliveries included', async () => {
    const byTime = await walk({ by: 'failedAt', direction: 'desc' });
    expect(byTime).toHaveLength(7);
    expect(byTime[0].code).toBe('WEBHOOK_DELIVERY_FAILED');
    expect(byTime.slice(1).map((r) => r.id)).toEqual(rows.map((r) => r.id).reverse());
    expect((await walk({ by: 'failedAt', direction: 'asc' })).map((r) => r.id)).toEqual(byTime.map((r) => r.id).reverse());

    const byCode = await walk({ by: 'errorCode', direction: 'asc' }, 3);
    expect(byCode.map((r) => r.code)).toEqual(['HE007000', 'HE007000', 'HX005001', 'HX005001', 'HX009000', 'HX009000', 'WEBHOOK_DELIVERY_FAILED']);
    const byExchange = await walk({ by: 'exchangeId', direction: 'desc' });
    expect(byExchange.map((r) => r.exchangeId)).toEqual([EX_2, EX_2, EX_2, EX_1, EX_1, EX_1, EX_1]);
    expect(new Set(byExchange.map((r) => r.id)).size).toBe(7);
  });

  it('filters both kinds alike by error code', async () => {
    const deliveries = await operations.listFailedVerifications({ errorCode: 'WEBHOOK_DELIVERY_FAILED', exchangeId: EX_1 }, undefined, 10);
    expect(deliveries.rows.map((r) => r.kind)).toEqual(['delivery']);
    const rejected = await operations.listFailedVerifications({ errorCode: 'HE007000', exchangeId: EX_1 }, undefined, 10, { by: 'service', direction: 'asc' });
    expect(rejected.rows.map((r) => r.id).sort()).toEqual(rows.filter((r) => r.code === 'HE007000' && r.exchangeId === EX_1).map((r) => r.id).sort());
  });

  it('refuses a cursor made for another order', () => {
    const key = { failedAtMicros: '1', id: rows[0].id, sortValue: EX_1 };
    const cursor = encodeFailedTransferCursor(key, { by: 'exchangeId', direction: 'asc' });
    expect(decodeFailedTransferCursor(cursor, { by: 'exchangeId', direction: 'asc' })).toEqual(key);
    expect(decodeFailedTransferCursor(cursor, { by: 'exchangeId', direction: 'desc' })).toBeNull();
    expect(decodeFailedTransferCursor(cursor)).toBeNull();
  });
});

describe('OperationsRepository.overview', () => {
  it('counts by exchange and status, finds the oldest open verification, and buckets the last hour of calls by source and minute', async () => {
    const open = await received({ exchangeId: EX_B });
    await dataSource.query(`UPDATE verifications SET created_at = '2000-01-01T00:00:00Z' WHERE id = $1`, [open]);
    const id = await failed({ exchangeId: EX_B });
    const numbers = await operations.overview();
    const count = (exchangeId: string, status: string) => numbers.counts.find((c) => c.exchangeId === exchangeId && c.status === status)?.count ?? 0;
    const [stored] = await dataSource.query(`SELECT count(*)::int AS n FROM verifications WHERE exchange_id = $1 AND status = 'failed'`, [EX_B]);
    expect(count(EX_B, 'failed')).toBe(stored.n);
    expect(numbers.oldestOpen).toMatchObject({ id: open, status: 'queued' });
    const minute = Math.floor(Date.now() / 60_000) * 60_000;
    const ssa = numbers.lastHourByMinute.filter((m) => m.source === 'ssa' && m.minute >= minute - 60_000);
    expect(ssa.reduce((sum, m) => sum + m.failures, 0)).toBeGreaterThanOrEqual(1);
    expect(id).toBeTruthy();
  });
});

describe('OperationsRepository.searchVerifications', () => {
  it('matches an SSN through its blind index across exchanges, newest first, with keyset paging', async () => {
    const index = `blind-${randomUUID()}`;
    const a = await received({ exchangeId: EX_A, ssnIndex: index, ssnLast4: '6789' });
    const b = await received({ exchangeId: EX_B, ssnIndex: index, ssnLast4: '6789' });
    await received({ exchangeId: EX_B, ssnIndex: 'another-index' });

    const first = await operations.searchVerifications({ ssnIndex: index, limit: 1 });
    expect(first).toMatchObject({ rows: [{ id: b, exchangeId: EX_B, ssnLast4: '6789' }], hasMore: true });
    const second = await operations.searchVerifications({ ssnIndex: index, afterId: b, limit: 1 });
    expect(second).toMatchObject({ rows: [{ id: a, exchangeId: EX_A }], hasMore: false });
    expect((await operations.searchVerifications({ ssnIndex: index, exchangeId: EX_A, limit: 10 })).rows.map((r) => r.id)).toEqual([a]);
  });

  it('filters by reference, status and creation time', async () => {
    const reference = `case-${randomUUID()}`;
    const id = await failed({ reference });
    expect((await operations.searchVerifications({ reference, status: 'failed', limit: 10 })).rows.map((r) => r.id)).toEqual([id]);
    expect((await operations.searchVerifications({ reference, status: 'queued', limit: 10 })).rows).toEqual([]);
    expect((await operations.searchVerifications({ reference, createdBefore: new Date('2000-01-01'), limit: 10 })).rows).toEqual([]);
  });
});

describe('OperationsRepository timeline reads', () => {
  it('returns every federal attempt and audit event of a verification, never an audit message', async () => {
    const id = await failed();
    const attempts = await operations.federalAttempts(id);
    expect(attempts).toEqual([
      expect.objectContaining({ kind: 'call', attemptNo: 1, httpStatus: 400, responseCode: 'HE007000', result: 'permanent', error: 'HTTP 400 HE007000' }),
    ]);
    const events = await operations.auditEvents(id);
    expect(events.map((e) => e.kind)).toEqual(['verification.received', 'federal.request']);
    expect(Object.keys(events[0]).sort()).toEqual(['actor', 'at', 'kind', 'seq']);
  });

  it('orders audit events by sequence number, not by its text (9 before 10)', async () => {
    const id = await received();
    const audit = new AuditEventRepository(dataSource);
    // Sequence numbers crossing a power of ten: as text, "10..." would sort before "9...".
    const [{ seq }] = await dataSource.query(`SELECT max(seq) AS seq FROM audit_events`);
    await dataSource.query(`SELECT setval(pg_get_serial_sequence('audit_events', 'seq'), $1)`, [Math.max(Number(seq), 10 ** (String(seq).length) - 3)]);
    for (let i = 0; i < 5; i++) await audit.append([operatorAudit(id)]);
    const seqs = (await operations.auditEvents(id)).map((e) => BigInt(e.seq));
    expect(seqs).toEqual([...seqs].sort((a, b) => (a < b ? -1 : 1)));
    const listed = (await audit.query({ verificationId: id }, 10)).rows.map((e) => BigInt(e.seq));
    expect(listed).toEqual(seqs);
    expect(String(listed[listed.length - 1]).length).toBeGreaterThan(String(listed[1]).length);
  });
});
