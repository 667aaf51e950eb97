// PERFORMANCE.md's "ideal pipeline" baseline, measured in the same run as the hub (own tables in the bench's
// database, own BullMQ prefix): the ratio hub / baseline is what the targets are stated in.
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startBenchProcess } from './bench-process.mjs';
import { perSecond, percentiles } from './stats.mjs';

const PROCESS_SCRIPT = fileURLToPath(new URL('./ideal-pipeline-process.mjs', import.meta.url));

async function resetTables(db) {
  await db.query(`DROP TABLE IF EXISTS bench_ideal_requests, bench_ideal_audit`);
  await db.query(`CREATE TABLE bench_ideal_requests (
    id bigserial PRIMARY KEY, payload jsonb NOT NULL, status text NOT NULL DEFAULT 'queued', result jsonb,
    scheduled_at timestamptz, created_at timestamptz NOT NULL DEFAULT now(), completed_at timestamptz)`);
  await db.query(`CREATE TABLE bench_ideal_audit (
    id bigserial PRIMARY KEY, request_id bigint NOT NULL, kind text NOT NULL, message jsonb NOT NULL, at timestamptz NOT NULL DEFAULT now())`);
}

const start = (role, env) => startBenchProcess(PROCESS_SCRIPT, role, env);

/**
 * Runs `count` messages through the ideal pipeline, as fast as it answers or, given `rate`, paced (an open loop);
 * `meter` accounts CPU to 'ideal-producer', 'ideal-worker' and the PostgreSQL backends. Returns throughput,
 * latency (INSERT -> completed, or scheduled -> completed when paced, from the table) and CPU.
 */
export async function runIdealPipeline({ databaseUrl, redisUrl, prefix, count, concurrency, rate = null, meter, progress }) {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await resetTables(db);
    const env = { ...process.env, BENCH_IDEAL: JSON.stringify({ databaseUrl, redisUrl, prefix, count, concurrency, rate }) };
    const worker = start('worker', env);
    await worker.ready;
    const producer = start('producer', env);
    await producer.ready;
    const before = await meter.sample({ 'ideal-worker': [worker.child.pid], 'ideal-producer': [producer.child.pid] });
    producer.child.kill('SIGUSR1');
    for (;;) {
      const { rows } = await db.query(`SELECT count(completed_at)::int AS done FROM bench_ideal_requests`);
      progress(`ideal pipeline: ${rows[0].done}/${count} completed`);
      if (rows[0].done >= count) break;
      if (producer.child.exitCode && producer.child.exitCode !== 0) throw new Error('ideal pipeline producer failed');
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    const { cpu, coresBusy } = await meter.since(before, { 'ideal-worker': [worker.child.pid], 'ideal-producer': [producer.child.pid] });
    producer.child.kill('SIGTERM');
    worker.child.kill('SIGTERM');
    await Promise.all([producer.exited, worker.exited]);
    const { rows } = await db.query(
      `SELECT extract(epoch FROM coalesce(scheduled_at, created_at))::float8 * 1000 AS created,
              extract(epoch FROM completed_at)::float8 * 1000 AS ended FROM bench_ideal_requests`,
    );
    const first = rows.reduce((min, r) => Math.min(min, r.created), Infinity);
    const last = rows.reduce((max, r) => Math.max(max, r.ended), 0);
    return {
      count,
      concurrency,
      offeredPerSecond: rate,
      completedPerSecond: perSecond(count, last - first),
      latencyMs: percentiles(rows.map((r) => r.ended - r.created)),
      cpu,
      coresBusy,
    };
  } finally {
    await db.query(`DROP TABLE IF EXISTS bench_ideal_requests, bench_ideal_audit`).catch(() => undefined);
    await db.end();
  }
}

/** The ideal pipeline's rate the hub is compared with: the mean of its runs before and after the hub's closed loop, or its one run. */
export function idealPerSecond(before, after) {
  if (!before) return null;
  return after ? Math.round((before.completedPerSecond + after.completedPerSecond) / 2) : before.completedPerSecond;
}
