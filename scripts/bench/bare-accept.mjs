// The accept path's baseline, measured in the same run as the gateway's: bare Fastify storing each request and
// queueing its id (bare-accept-process.mjs). PERFORMANCE.md measured it at 3,400/s on its machine, where the
// issue's 2,500/s for the gateway was set (0.74x); this machine's figure says what 2,500/s means here.
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startBenchProcess } from './bench-process.mjs';
import { closedLoop, Submitter } from './load.mjs';
import { perSecond, percentiles } from './stats.mjs';

const PROCESS_SCRIPT = fileURLToPath(new URL('./bare-accept-process.mjs', import.meta.url));

/**
 * `count` requests from `concurrency` clients, as the gateway's accept path gets them; `meter` accounts CPU to
 * 'bare-fastify' and the PostgreSQL backends. Returns accepted/s, send -> 202 latency and CPU.
 */
export async function runBareAccept({ databaseUrl, redisUrl, prefix, count, concurrency, idempotencyKeys, meter }) {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  let server = null;
  try {
    await db.query(`DROP TABLE IF EXISTS bench_bare_requests`);
    await db.query(`CREATE TABLE bench_bare_requests (id bigserial PRIMARY KEY, payload jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
    server = startBenchProcess(PROCESS_SCRIPT, 'server', { ...process.env, BENCH_BARE: JSON.stringify({ databaseUrl, redisUrl, prefix }) });
    const submitter = new Submitter([await server.ready], [{ key: 'none' }], concurrency, { idempotencyKeys });
    await closedLoop(submitter, { count: Math.min(1000, count), concurrency, reference: 'warm-up' }); // JIT and pools, as the hub's warm-up
    const pids = { 'bare-fastify': [server.child.pid] };
    const before = await meter.sample(pids);
    const load = await closedLoop(submitter, { count, concurrency, reference: 'bare' });
    const { cpu, coresBusy } = await meter.since(before, pids);
    submitter.close();
    return {
      count,
      concurrency,
      accepted: load.accepted,
      acceptedPerSecond: perSecond(load.accepted, load.lastAccept - load.started),
      acceptMs: percentiles(load.acceptMs),
      cpu: { 'bare-fastify': cpu['bare-fastify'], postgres: cpu.postgres, redis: cpu.redis, bench: cpu.bench },
      coresBusy,
    };
  } finally {
    server?.child.kill('SIGTERM');
    await server?.exited;
    await db.query(`DROP TABLE IF EXISTS bench_bare_requests`).catch(() => undefined);
    await db.end();
  }
}
