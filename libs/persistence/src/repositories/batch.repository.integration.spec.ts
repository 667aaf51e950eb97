import { DataSource } from 'typeorm';
import { BATCH_CHUNK_LINES } from '@dxhub/contracts';
import { countRows, insertExchange, openIntegrationDatabase, testAuditRow, testPiiCipher } from '@dxhub/testing';
import { newId } from '../ids';
import { NewBatchLine } from './batch-intake.session';
import { BatchLineToDispatch, BatchRepository } from './batch.repository';
import { ReconciliationRepository } from './reconciliation.repository';

// Against the real PostgreSQL (DATABASE_URL = dxhub_test, recreated for this file): a batch is stored in one
// transaction or not at all, dispatched in line order by its cursor, and completed exactly once.

const cipher = testPiiCipher();
let dataSource: DataSource;
let batches: BatchRepository;

function line(exchangeId: string, n: number): NewBatchLine {
  const id = newId.verification();
  return {
    line: n,
    verification: {
      id,
      exchangeId,
      service: 'ssa-composite',
      source: 'ssa',
      reference: `line-${n}`,
      requestEnc: cipher.encryptJson({ service: 'ssa-composite', n }),
      ssnIndex: null,
      ssnLast4: '6781',
      idempotencyKey: null,
      requestHash: `hash-${n}`,
      correlationId: `corr:${n}`,
    },
    audit: testAuditRow({ kind: 'verification.received', exchangeId, verificationId: id, message: `{"line":${n}}` }, cipher),
  };
}

/** Stores a batch of `lines` lines (numbered 1..n, or as given) in chunks, committed. */
async function storeBatch(exchangeId: string, numbers: number[], key: string | null = null): Promise<string> {
  const session = await batches.openIntake(newId.batch());
  try {
    expect(await session.claim({ exchangeId, idempotencyKey: key, correlationId: 'corr' })).toBe(true);
    const lines = numbers.map((n) => line(exchangeId, n));
    for (let i = 0; i < lines.length; i += 3) await session.insertLines(lines.slice(i, i + 3));
    await session.commit(lines.length, numbers[numbers.length - 1], 'body-hash');
    return session.batchId;
  } finally {
    await session.rollback();
  }
}

const setStatus = (batchId: string, status: string, where = 'TRUE') =>
  dataSource.query(`UPDATE verifications SET status = $2 WHERE batch_id = $1 AND ${where}`, [batchId, status]);

beforeAll(async () => {
  dataSource = await openIntegrationDatabase();
  batches = new BatchRepository(dataSource);
  await insertExchange(dataSource, 'ex-batch');
  await insertExchange(dataSource, 'ex-hooked');
  await dataSource.query(`UPDATE exchanges SET webhook_url = 'https://hooked.example/hook', webhook_secret_enc = 'x' WHERE id = 'ex-hooked'`);
});

afterAll(() => dataSource?.destroy());

describe('BatchRepository', () => {
  it('stores the batch, its lines and one verification.received event per line in one transaction', async () => {
    const id = await storeBatch('ex-batch', [1, 2, 3, 4, 6, 7, 8]);
    expect(await batches.findForExchange(id, 'ex-batch')).toMatchObject({ id, status: 'in_progress', total: 7, dispatchedThrough: 0, requestHash: 'body-hash' });
    expect(await batches.findForExchange(id, 'ex-hooked')).toBeNull();
    expect(await batches.counts(id)).toEqual({ queued: 7 });
    const received = await countRows(dataSource, 'audit_events', "kind = 'verification.received' AND verification_id IN (SELECT id FROM verifications WHERE batch_id = $1)", [id]);
    expect(received).toBe(7);
    // Lines carry no outbox rows: the batch's dispatch cursor stands for them.
    expect(await countRows(dataSource, 'outbox')).toBe(0);
    const page = await batches.linesAfter(id, 4, 2);
    expect(page.map((r) => [r.batchLine, r.reference])).toEqual([
      [6, 'line-6'],
      [7, 'line-7'],
    ]);
  });

  it('leaves nothing behind when the transaction is rolled back after lines were written', async () => {
    const before = await Promise.all(['batches', 'verifications', 'audit_events'].map((t) => countRows(dataSource, t)));
    const session = await batches.openIntake(newId.batch());
    expect(await session.claim({ exchangeId: 'ex-batch', idempotencyKey: 'rolled-back', correlationId: 'corr' })).toBe(true);
    await session.insertLines([line('ex-batch', 1), line('ex-batch', 2)]);
    await session.rollback();
    await session.rollback(); // twice is harmless
    expect(await Promise.all(['batches', 'verifications', 'audit_events'].map((t) => countRows(dataSource, t)))).toEqual(before);
    // The key was never taken.
    expect(await batches.findByIdempotencyKey('ex-batch', 'rolled-back')).toBeNull();
  });

  it('lets one batch claim an Idempotency-Key per exchange', async () => {
    const id = await storeBatch('ex-batch', [1], 'key-1');
    expect((await batches.findByIdempotencyKey('ex-batch', 'key-1'))?.id).toBe(id);
    const second = await batches.openIntake(newId.batch());
    try {
      expect(await second.claim({ exchangeId: 'ex-batch', idempotencyKey: 'key-1', correlationId: 'corr' })).toBe(false);
    } finally {
      await second.rollback();
    }
    // Another exchange's key space is its own.
    await storeBatch('ex-hooked', [1], 'key-1');
  });

  it('dispatches lines in order, whole chunks at a time (BATCH_CHUNK_LINES, aligned on line numbers), moving its cursor past them', async () => {
    expect(BATCH_CHUNK_LINES).toBe(25);
    const id = await storeBatch('ex-batch', [1, 2, 25, 26, 51]);
    expect(await batches.withUndispatchedLines(100)).toContain(id);
    const claimed: BatchLineToDispatch[][] = [];
    const enqueue = async (lines: BatchLineToDispatch[]) => void claimed.push(lines);
    expect(await batches.dispatchNext(id, 1, enqueue)).toBe(3);
    expect((await batches.findById(id))?.dispatchedThrough).toBe(25);
    expect(await batches.dispatchNext(id, 5, enqueue)).toBe(2);
    expect(await batches.dispatchNext(id, 5, enqueue)).toBe(0);
    expect(claimed.map((c) => c.map((l) => l.line))).toEqual([[1, 2, 25], [26, 51]]);
    expect(claimed[0][0]).toMatchObject({ source: 'ssa', round: 0, correlationId: 'corr:1' });
    expect((await batches.findById(id))?.dispatchedThrough).toBe(51);
    expect(await batches.withUndispatchedLines(100)).not.toContain(id);
  });

  it('moves no cursor when adding the jobs failed', async () => {
    const id = await storeBatch('ex-batch', [1, 2]);
    await expect(batches.dispatchNext(id, 10, async () => Promise.reject(new Error('redis down')))).rejects.toThrow('redis down');
    expect((await batches.findById(id))?.dispatchedThrough).toBe(0);
  });

  it('keeps the reconciler off lines the dispatcher has not reached (they have no job by design)', async () => {
    const id = await storeBatch('ex-batch', [1, 26, 51]);
    await batches.dispatchNext(id, 1, async () => undefined);
    await dataSource.query(`UPDATE verifications SET updated_at = now() - interval '1 hour' WHERE batch_id = $1`, [id]);
    const idle = await new ReconciliationRepository(dataSource).idleOpenVerifications(1000, 10_000);
    const lines = await batches.linesAfter(id, 0, 10);
    const reached = idle.filter((v) => lines.some((l) => l.id === v.id));
    expect(reached.map((v) => v.id)).toEqual([lines[0].id]);
    expect(reached[0]).toMatchObject({ batchId: id, batchLine: 1 }); // the reconciler looks for its chunk's job
  });

  it('keeps its counts by status equal to a count of its lines, through concurrent multi-row moves', async () => {
    const id = await storeBatch('ex-batch', Array.from({ length: 60 }, (_, n) => n + 1));
    const counted = async () =>
      Object.fromEntries(
        (await dataSource.query(`SELECT status, count(*)::int AS n FROM verifications WHERE batch_id = $1 GROUP BY status`, [id])).map(
          (r: { status: string; n: number }) => [r.status, r.n],
        ),
      );
    // Twenty statements at once, each moving a stride of lines (some twice, some not at all).
    await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        dataSource.query(`UPDATE verifications SET status = $2 WHERE batch_id = $1 AND batch_line % 7 = $3`, [id, ['in_progress', 'completed', 'failed'][n % 3], n % 7]),
      ),
    );
    expect(await batches.counts(id)).toEqual(await counted());
    expect(Object.values(await batches.counts(id)).reduce((a, b) => a + b, 0)).toBe(60);
  });

  it('counts the batch lines a statement moves beside single requests, and skips a statement of singles only', async () => {
    const id = await storeBatch('ex-batch', [1, 2, 3, 4]);
    const single = newId.verification();
    await dataSource.query(
      `INSERT INTO verifications (id, exchange_id, service, source, status, request_enc, request_hash, correlation_id)
       VALUES ($1, 'ex-batch', 'ssa-composite', 'ssa', 'queued', 'x', 'h', 'c')`,
      [single],
    );
    await dataSource.query(`UPDATE verifications SET status = 'completed' WHERE (batch_id = $1 AND batch_line <= 2) OR id = $2`, [id, single]);
    expect(await batches.counts(id)).toEqual({ queued: 2, completed: 2 });
    const before = await dataSource.query('SELECT batch_id, status, n FROM batch_line_counts ORDER BY 1, 2');
    await dataSource.query(`UPDATE verifications SET status = 'failed' WHERE id = $1`, [single]);
    expect(await dataSource.query('SELECT batch_id, status, n FROM batch_line_counts ORDER BY 1, 2')).toEqual(before);
  });

  it('completes a batch once no line is open, with one batch.completed delivery when the exchange has a webhook', async () => {
    const id = await storeBatch('ex-hooked', [1, 2, 3]);
    expect(await batches.completeIfDone(id, newId.delivery())).toBe(false); // not dispatched yet
    await batches.dispatchNext(id, 10, async () => undefined);
    expect(await batches.awaitingCompletion(100)).toContain(id);
    await setStatus(id, 'completed', 'batch_line = 1');
    await setStatus(id, 'in_progress', 'batch_line > 1');
    expect(await batches.completeIfDone(id, newId.delivery())).toBe(false);
    await setStatus(id, 'failed', 'batch_line = 2');
    await setStatus(id, 'cancelled', 'batch_line = 3');

    const outboxBefore = await countRows(dataSource, 'outbox');
    expect(await batches.completeIfDone(id, newId.delivery())).toBe(true);
    expect(await batches.completeIfDone(id, newId.delivery())).toBe(false); // exactly once
    expect(await batches.findById(id)).toMatchObject({ status: 'completed', completedAt: expect.any(Date) });
    expect(await batches.counts(id)).toEqual({ completed: 1, failed: 1, cancelled: 1 });
    const deliveries = await dataSource.query(`SELECT type, verification_id, exchange_id FROM deliveries WHERE batch_id = $1`, [id]);
    expect(deliveries).toEqual([{ type: 'batch.completed', verification_id: null, exchange_id: 'ex-hooked' }]);
    expect(await countRows(dataSource, 'outbox')).toBe(outboxBefore + 1);
    expect(await batches.awaitingCompletion(100)).not.toContain(id);
  });

  it('completes a batch of an exchange without a webhook with no delivery', async () => {
    const id = await storeBatch('ex-batch', [1]);
    await batches.dispatchNext(id, 10, async () => undefined);
    await setStatus(id, 'completed');
    expect(await batches.completeIfDone(id, newId.delivery())).toBe(true);
    expect(await countRows(dataSource, 'deliveries', 'batch_id = $1', [id])).toBe(0);
  });
});
