import { DataSource } from 'typeorm';
import { insertExchange, openIntegrationDatabase } from '@dxhub/testing';
import { refreshPlannerStatistics } from './planner-statistics';

// Against the real PostgreSQL (dxhub_test, recreated for this file), as the processes' role: the hub analyzes
// the tables that changed where autovacuum is off, and leaves them to autovacuum where it is on.

let dataSource: DataSource;

beforeAll(async () => {
  dataSource = await openIntegrationDatabase(2);
});

afterAll(async () => {
  await dataSource?.destroy();
});

/** PostgreSQL publishes a backend's row counts about a second after its transaction: wait for them. */
async function changesSeen(table: string, atLeast: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const [{ n }] = await dataSource.query('SELECT n_mod_since_analyze::int AS n FROM pg_stat_user_tables WHERE relname = $1', [table]);
    if (n >= atLeast) return;
    if (Date.now() > deadline) throw new Error(`${table}: ${n} changes seen, expected ${atLeast}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const reltuples = async (table: string): Promise<number> =>
  (await dataSource.query('SELECT reltuples::int AS n FROM pg_class WHERE relname = $1', [table]))[0].n;

it('analyzes a table that changed by more than 50 rows and half its size, once, and only where autovacuum is off', async () => {
  const [{ autovacuum }] = await dataSource.query('SHOW autovacuum');
  for (let i = 0; i < 120; i++) await insertExchange(dataSource, `stats-${i}`);
  await changesSeen('exchanges', 120);

  const analyzed = await refreshPlannerStatistics(dataSource);

  if (autovacuum === 'off') {
    expect(analyzed).toContain('exchanges');
    expect(await reltuples('exchanges')).toBe(120);
    expect(analyzed).not.toContain('verifications'); // untouched since the migrations
    expect(await refreshPlannerStatistics(dataSource)).not.toContain('exchanges'); // nothing new since
  } else {
    expect(analyzed).toEqual([]);
  }
});

it('analyzes one table a call, the stalest first', async () => {
  const [{ autovacuum }] = await dataSource.query('SHOW autovacuum');
  for (let i = 0; i < 200; i++) await insertExchange(dataSource, `stalest-${i}`); // 200 changes on 120 rows
  await dataSource.query(`INSERT INTO reconciliation_runs (id, status, trigger, actor) SELECT 'rec_stats_' || n, 'done', 'schedule', 'test' FROM generate_series(1, 60) n`);
  await changesSeen('exchanges', 200);
  await changesSeen('reconciliation_runs', 60);

  const calls = [await refreshPlannerStatistics(dataSource), await refreshPlannerStatistics(dataSource), await refreshPlannerStatistics(dataSource)];
  // Where autovacuum is on, analyzing is its job: the function does nothing.
  expect(calls).toEqual(autovacuum === 'off' ? [['exchanges'], ['reconciliation_runs'], []] : [[], [], []]);
});
