import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { countRows, insertExchange, openIntegrationDatabase, testAuditRow, testPiiCipher } from '@dxhub/testing';
import { newId, verificationIdMark } from '../ids';
import { AuditEventRepository } from './audit-event.repository';
import { ReconciliationRepository } from './reconciliation.repository';
import { VerificationRepository } from './verification.repository';

// Against the real PostgreSQL (DATABASE_URL = dxhub_test, recreated for this file).
const EX = 'ex-recon';
const cipher = testPiiCipher();
let dataSource: DataSource;
let verifications: VerificationRepository;
let runs: ReconciliationRepository;

async function received(): Promise<string> {
  const id = newId.verification();
  const row = await verifications.insertReceived(
    {
      id,
      exchangeId: EX,
      service: 'ssa-composite',
      source: 'ssa',
      reference: null,
      requestEnc: cipher.encryptJson({}),
      ssnIndex: null,
      ssnLast4: null,
      idempotencyKey: null,
      requestHash: 'h',
      correlationId: randomUUID(),
    },
    testAuditRow({ kind: 'verification.received', exchangeId: EX, verificationId: id }, cipher),
  );
  if (!row) throw new Error('setup');
  return id;
}
const audit = (id: string) => testAuditRow({ kind: 'operator.action', exchangeId: EX, verificationId: id, actor: 'system:reconciler' }, cipher);
const raw = async (id: string) => (await dataSource.query('SELECT * FROM verifications WHERE id = $1', [id]))[0];

beforeAll(async () => {
  dataSource = await openIntegrationDatabase();
  verifications = new VerificationRepository(dataSource);
  runs = new ReconciliationRepository(dataSource);
  await insertExchange(dataSource, EX);
});
afterAll(() => dataSource.destroy());

describe('ReconciliationRepository', () => {
  it('lists open verifications idle for long enough, with their round and poll count', async () => {
    const id = await received();
    expect((await runs.idleOpenVerifications(60_000, 100)).map((v) => v.id)).not.toContain(id);
    const [open] = (await runs.idleOpenVerifications(0, 1000)).filter((v) => v.id === id);
    expect(open).toMatchObject({ id, exchangeId: EX, status: 'queued', source: 'ssa', round: 0, polls: 0 });
  });

  it('re-enqueues in a new round with its outbox row and audit event, once even if asked twice', async () => {
    const id = await received();
    const [open] = (await runs.idleOpenVerifications(0, 1000)).filter((v) => v.id === id);
    expect(await runs.reenqueue(open, audit(id))).toBe(true);
    expect(await runs.reenqueue(open, audit(id))).toBe(false); // same round read: the second is stale
    expect((await raw(id)).round).toBe(1);
    const outbox = await dataSource.query(`SELECT payload FROM outbox WHERE payload->>'verificationId' = $1 ORDER BY id`, [id]);
    expect(outbox.map((o: { payload: { round: number } }) => o.payload.round)).toEqual([0, 1]);
    expect(await countRows(dataSource, 'audit_events', `verification_id = $1 AND kind = 'operator.action'`, [id])).toBe(1);
  });

  it('fails a verification past its deadline, guarded by the status it was read in', async () => {
    const id = await received();
    const [open] = (await runs.idleOpenVerifications(0, 1000)).filter((v) => v.id === id);
    const error = { code: 'DXHUB_DEADLINE_EXCEEDED', message: 'late', source: 'ssa', attempts: null };
    expect(await runs.failPastDeadline({ ...open, status: 'in_progress' }, error, audit(id))).toBe(false);
    expect(await runs.failPastDeadline(open, error, audit(id))).toBe(true);
    expect(await raw(id)).toMatchObject({ status: 'failed', error });
  });

  it('balances received against stored per exchange, for the verifications created between two marks', async () => {
    const from = verificationIdMark(new Date(Date.now() - 1));
    const first = await received();
    const second = await received();
    const to = verificationIdMark(new Date(Date.now() + 1));
    const balanceOf = async (fromMark: string, toMark: string) => (await runs.exchangeBalances(fromMark, toMark)).find((b) => b.exchangeId === EX);
    expect(await balanceOf(from, to)).toEqual({ exchangeId: EX, received: 2, stored: 2 });
    expect(await balanceOf(verificationIdMark(new Date(Date.now() + 60_000)), verificationIdMark(new Date(Date.now() + 120_000)))).toEqual({ exchangeId: EX, received: 0, stored: 0 });
    expect([first, second].every((id) => id > from && id < to)).toBe(true);

    // A received event whose verification was never stored (a lost transfer) unbalances its stretch.
    const lost = newId.verification();
    await new AuditEventRepository(dataSource).append([testAuditRow({ kind: 'verification.received', exchangeId: EX, verificationId: lost }, cipher)]);
    expect(await balanceOf(from, verificationIdMark(new Date(Date.now() + 1)))).toEqual({ exchangeId: EX, received: 3, stored: 2 });
  });

  it('remembers how far the last finished run checked the balance', async () => {
    const before = await runs.lastBalancedTo();
    const mark = verificationIdMark(new Date());
    const done = (await runs.startRun(undefined))!;
    await runs.finishRun(done, { checked: 0, findings: [], balancedTo: mark });
    const failed = (await runs.startRun(undefined))!;
    await runs.finishRun(failed, { checked: 0, findings: [], error: 'database went away', balancedTo: verificationIdMark(new Date(Date.now() + 60_000)) });
    expect(before < mark).toBe(true);
    expect(await runs.lastBalancedTo()).toBe(mark);
  });

  it('stores an operator run as queued with its job, and runs it once', async () => {
    const id = await runs.requestRun('operator:cred_1', testAuditRow({ kind: 'operator.action', actor: 'operator:cred_1' }, cipher));
    expect(await runs.findRun(id)).toMatchObject({ id, status: 'queued', trigger: 'operator', checked: 0, findings: [] });
    expect(await countRows(dataSource, 'outbox', `topic = 'reconcile.run' AND payload->>'runId' = $1`, [id])).toBe(1);
    expect(await runs.startRun(id)).toBe(id);
    expect(await runs.startRun(id)).toBeNull();
    await runs.finishRun(id, { checked: 3, findings: [{ kind: 'no-live-job', verificationId: 'ver_x', action: 're-enqueued' }] });
    expect(await runs.findRun(id)).toMatchObject({ status: 'done', checked: 3, findings: [{ kind: 'no-live-job' }], finishedAt: expect.any(Date) });
  });
});
