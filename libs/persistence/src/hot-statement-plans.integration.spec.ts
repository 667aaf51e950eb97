import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { insertExchange, openIntegrationDatabase, receiveTestVerification, testAuditRow } from '@dxhub/testing';
import { VerificationRepository } from './repositories/verification.repository';

// Against the real PostgreSQL (dxhub_test, recreated for this file), on a pool of one connection so that its
// prepared statements can be read back: at low load the hot statements carry one row a call, and they must
// keep their generic plan instead of being planned afresh on every call (sql-params.ts, `opaqueArray`).

let dataSource: DataSource;
let repo: VerificationRepository;

beforeAll(async () => {
  dataSource = await openIntegrationDatabase(1);
  repo = new VerificationRepository(dataSource);
  await insertExchange(dataSource, 'ex-plans');
  // A table of some size, analyzed: on a handful of rows every plan is the same sequential scan, whatever it is given.
  await dataSource.query(
    `INSERT INTO verifications (id, exchange_id, service, source, status, request_enc, request_hash, correlation_id)
     SELECT 'ver_bulk_' || n, 'ex-plans', 'ssa-composite', 'ssa', 'completed', 'v1.x', 'hash', gen_random_uuid()::text FROM generate_series(1, 5000) n`,
  );
  await dataSource.query('ANALYZE verifications');
});

afterAll(async () => {
  await dataSource?.destroy();
});

/** How the connection's named statement whose text contains `fragment` was planned so far. */
async function plansOf(fragment: string): Promise<{ generic: number; custom: number }> {
  const rows: { generic: string; custom: string }[] = await dataSource.query(
    `SELECT generic_plans AS generic, custom_plans AS custom FROM pg_prepared_statements WHERE statement LIKE '%' || $1 || '%'`,
    [fragment],
  );
  expect(rows).toHaveLength(1);
  return { generic: Number(rows[0].generic), custom: Number(rows[0].custom) };
}

it('looks verifications up, one a call, on a generic plan after the first five', async () => {
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) ids.push((await receiveTestVerification(repo, 'ex-plans', { ssn: `123-45-000${i}`, lastName: 'Silva' })).stored.id);

  for (let call = 0; call < 12; call++) expect((await repo.findById(ids[call % 3]))?.id).toBe(ids[call % 3]);

  expect(await plansOf('FROM verifications WHERE id = ANY')).toEqual({ generic: 7, custom: 5 });
});

it('claims verifications for their federal call, one a call, on a generic plan after the first five', async () => {
  const claimed: (number | null)[] = [];
  for (let call = 0; call < 8; call++) {
    const { stored } = await receiveTestVerification(repo, 'ex-plans', { ssn: '123-45-0100', lastName: 'Silva' });
    const request = testAuditRow({ kind: 'federal.request', exchangeId: 'ex-plans', verificationId: stored.id, message: { call } });
    claimed.push(await repo.startAttempt(stored.id, stored.round, randomUUID(), request));
  }

  expect(claimed).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
  expect(await plansOf('INSERT INTO federal_attempts')).toEqual({ generic: 3, custom: 5 });
});

it('prices random reads for SSDs and a cached working set, so that generic plans look rows up by index on young tables', async () => {
  const [{ random_page_cost: cost }] = await dataSource.query('SHOW random_page_cost');
  expect(cost).toBe('1.1');
});
