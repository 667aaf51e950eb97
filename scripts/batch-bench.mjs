// A 100,000-line batch from outside, timed: upload (accepted = the 202), completion (every line terminal, seen
// by polling GET /v1/batches/{id}), the results stream checked in input order, the batch.completed webhook, and
// the latency of single ssa-composite verifications sent while the batch runs (open loop, paced). Prints
// figures, asserts nothing.
//
//   npm run bench:batch                       # its own hub (built dist/, own database, Redis prefix and ports)
//   npm run bench:batch -- --lines 20000      # smaller
//   npm run bench:batch -- --external         # against a running hub (npm start: default ports, dev admin token)
//   options: --deadline 900 (s; then report the progress reached), --singles-per-second 5, --poll-ms 20 (status polling of the singles), --log-level info (own hub),
//            --brokers 1 (broker processes of the own hub: as npm start runs them)
//
// Own hub: database dxhub_batch_bench (suffixed by DXHUB_TEST_SLOT), Redis db 0 under the prefix dxhub-batch-bench[-sN],
// ports 16200-16202 / 16300 (moved by 1000 per slot; broker n's health port + 10 n), the simulator at zero latency and
// no faults. Its own database, prefix and ports: it never touches `npm run bench`'s hub.
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(`--${name}`);
const option = (name, fallback) => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1] : fallback);
const LINES = Number(option('lines', 100_000));
const SINGLES_PER_SECOND = Number(option('singles-per-second', 5));
/** Stop waiting for completion after this many seconds and report what was reached (a loaded machine). */
const DEADLINE_S = Number(option('deadline', 900));
/** How often a single's status is polled: its latency is known to this much; faster polling loads the gateway itself. */
const POLL_MS = Number(option('poll-ms', 20));
const EXTERNAL = flag('external');
const BROKERS = Number(option('brokers', 1));
const slot = Number(process.env.DXHUB_TEST_SLOT ?? 0);

const hubs = [];
let env;
let urls;
if (EXTERNAL) {
  env = { HUB_ADMIN_TOKEN: process.env.HUB_ADMIN_TOKEN ?? 'dev-admin-token' };
  urls = { gateway: 'http://127.0.0.1:3000', console: 'http://127.0.0.1:3001', federalHub: 'http://127.0.0.1:4000' };
} else {
  const port = (base) => String(base + 1000 * slot);
  const suffix = slot ? `_s${slot}` : '';
  env = {
    ...process.env,
    NODE_ENV: 'development',
    LOG_LEVEL: option('log-level', 'info'),
    DATABASE_URL: `postgres://postgres@127.0.0.1:5432/dxhub_batch_bench${suffix}`,
    REDIS_URL: 'redis://127.0.0.1:6379/0',
    REDIS_PREFIX: `dxhub-batch-bench${slot ? `-s${slot}` : ''}`,
    GATEWAY_PORT: port(16200),
    CONSOLE_PORT: port(16201),
    BROKER_HEALTH_PORT: port(16202),
    FEDERAL_HUB_PORT: port(16300),
    FEDERAL_HUB_URL: `http://127.0.0.1:${port(16300)}`,
    HUB_ADMIN_TOKEN: 'bench-admin-token',
    RATE_LIMIT_PER_MINUTE: '0',
  };
  urls = { gateway: `http://127.0.0.1:${env.GATEWAY_PORT}`, console: `http://127.0.0.1:${env.CONSOLE_PORT}`, federalHub: env.FEDERAL_HUB_URL };
}

const json = async (url, method, body, token) => {
  const response = await fetch(url, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body && JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const pct = (list, q) => (list.length ? list.slice().sort((a, b) => a - b)[Math.floor(q * (list.length - 1))].toFixed(1) : 'n/a');
const seconds = (ms) => (ms / 1000).toFixed(1);

/** RSS (MB) and CPU seconds of a process, from /proc. */
function usage(pid) {
  try {
    const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return { rss, cpu: (Number(stat[11]) + Number(stat[12])) / 100 };
  } catch {
    return null;
  }
}

async function startOwnHub() {
  const require = createRequire(import.meta.url);
  const t = require(join(root, 'dist/libs/testing/src'));
  await t.assertPortsFree(env); // before the database is dropped under a run that holds them
  const { replicaPort } = require(join(root, 'dist/libs/platform/src'));
  const Redis = require('ioredis');
  const { Client } = require('pg');
  const admin = new Client({ connectionString: env.DATABASE_URL.replace(/\/[^/]+$/, '/postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${new URL(env.DATABASE_URL).pathname.slice(1)}" WITH (FORCE)`);
  await admin.end();
  const { ensureDatabase, runMigrations } = require(join(root, 'dist/libs/persistence/src'));
  await ensureDatabase(env.DATABASE_URL);
  await runMigrations(env.DATABASE_URL);
  const redis = new Redis(env.REDIS_URL);
  for await (const keys of redis.scanStream({ match: `${env.REDIS_PREFIX}:*`, count: 1000 })) if (keys.length) await redis.del(...keys);
  for await (const keys of redis.scanStream({ match: `{${env.REDIS_PREFIX}}:*`, count: 1000 })) if (keys.length) await redis.del(...keys);
  redis.disconnect();
  const logDir = join(root, 'test', 'artifacts', 'bench-logs');
  for (const name of t.HUB_PROCESSES) hubs.push({ ...t.startHubProcess(root, name, env, logDir), label: name });
  // More brokers, each with its own health port and log directory.
  const brokerEnvs = Array.from({ length: BROKERS - 1 }, (_, n) => ({ ...env, BROKER_HEALTH_PORT: String(replicaPort(Number(env.BROKER_HEALTH_PORT), n + 1)) }));
  brokerEnvs.forEach((brokerEnv, n) => hubs.push({ ...t.startHubProcess(root, 'broker', brokerEnv, join(logDir, `broker-${n + 2}`)), label: `broker-${n + 2}` }));
  await Promise.all([...t.HUB_PROCESSES.map((name) => t.waitForHealthy(name, env, 60_000)), ...brokerEnvs.map((e) => t.waitForHealthy('broker', e, 60_000))]);
  console.log(`own hub up (logs in ${logDir}, LOG_LEVEL=${env.LOG_LEVEL})`);
  return async () => {
    await Promise.all(hubs.map((h) => t.stopHubProcess(h, 20_000)));
  };
}

const pidOf = (label) => hubs.find((h) => h.label === label)?.child.pid;

/** The batch body: ssa-composite lines with valid SSNs (last digit 0-8: completed answers), line n has reference "line-n". */
function batchBody(lines) {
  const parts = [];
  for (let i = 1; i <= lines; i++) {
    const area = 100 + (i % 800); // 100-899, never 666 below: 666 is skipped
    const ssn = `${area === 666 ? 667 : area}-${String(10 + (i % 89)).padStart(2, '0')}-${String(1000 + (i % 8999)).slice(0, 3)}${i % 9}`;
    parts.push(JSON.stringify({ service: 'ssa-composite', subject: { ssn, firstName: 'Ana', lastName: 'Silva', dateOfBirth: '1980-02-29' }, options: { citizenship: true }, reference: `line-${i}` }));
  }
  return Buffer.from(`${parts.join('\n')}\n`);
}

function upload(body, key) {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${urls.gateway}/v1/batches`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson', 'content-length': body.length, 'idempotency-key': `bench-${Date.now()}` },
    }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Single verifications at a steady pace (open loop: latency from each one's scheduled send). */
function singles(key, perSecond) {
  const latencies = [];
  const inFlight = new Set();
  let stopped = false;
  let n = 0;
  const one = async (scheduled) => {
    n++;
    const ssn = `${String(100 + (n % 800)).replace('666', '667')}-77-${String(1000 + (n % 8999)).slice(0, 3)}${n % 9}`;
    const submitted = await json(`${urls.gateway}/v1/verifications`, 'POST', { service: 'ssa-composite', subject: { ssn, lastName: 'Silva', dateOfBirth: '1980-01-01' } }, key);
    if (submitted.status !== 202) throw new Error(`single answered ${submitted.status}`);
    for (;;) {
      const { body } = await json(`${urls.gateway}/v1/verifications/${submitted.body.id}`, 'GET', undefined, key);
      if (body.status === 'completed' || body.status === 'failed') break;
      await sleep(POLL_MS);
    }
    latencies.push(performance.now() - scheduled);
  };
  const loop = (async () => {
    const start = performance.now();
    for (let i = 0; !stopped; i++) {
      const scheduled = start + (i * 1000) / perSecond;
      const wait = scheduled - performance.now();
      if (wait > 0) await sleep(wait);
      const p = one(scheduled).catch((e) => console.error(e.message)).finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
  })();
  return {
    latencies,
    stop: async () => {
      stopped = true;
      await loop;
      await Promise.all(inFlight);
    },
  };
}

const stopHub = EXTERNAL ? async () => undefined : await startOwnHub();
try {
  await fetch(`${urls.federalHub}/admin/reset`, { method: 'POST' });
  const exchange = `bench-${Date.now().toString(36)}`;
  await json(`${urls.console}/v1/admin/exchanges`, 'POST', { id: exchange, name: 'Batch bench' }, env.HUB_ADMIN_TOKEN);
  const { key } = (await json(`${urls.console}/v1/admin/credentials`, 'POST', { role: 'submitter', exchangeId: exchange }, env.HUB_ADMIN_TOKEN)).body;

  // The exchange's webhook: counts batch.completed deliveries (signature checked).
  const completions = [];
  let secret = '';
  const receiver = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const body = JSON.parse(raw);
      if (body.type === 'batch.completed') {
        const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(req.headers['dxhub-signature'] ?? '') ?? [];
        completions.push({ at: performance.now(), body, signed: v1 === createHmac('sha256', secret).update(`${t}.${raw}`).digest('hex') });
      }
      res.writeHead(204).end();
    });
  });
  await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  secret = (await json(`${urls.console}/v1/admin/exchanges/${exchange}/webhook`, 'PUT', { url: `http://127.0.0.1:${receiver.address().port}/hook` }, env.HUB_ADMIN_TOKEN)).body.secret;

  // Idle baseline for the single-request latency.
  const idle = singles(key, SINGLES_PER_SECOND);
  await sleep(5000);
  await idle.stop();

  const body = batchBody(LINES);
  console.log(`batch of ${LINES} lines, ${(body.length / 1e6).toFixed(1)} MB`);
  const gatewayPid = pidOf('gateway');
  const before = Object.fromEntries(hubs.map((h) => [h.label, usage(h.child.pid)]));
  let peakRss = gatewayPid ? usage(gatewayPid).rss : null;
  const rssBefore = peakRss;
  const sampler = setInterval(() => {
    const u = gatewayPid && usage(gatewayPid);
    if (u) peakRss = Math.max(peakRss, u.rss);
  }, 50);

  const during = singles(key, SINGLES_PER_SECOND);
  const t0 = performance.now();
  const accepted = await upload(body, key);
  const acceptMs = performance.now() - t0;
  clearInterval(sampler);
  if (accepted.status !== 202) throw new Error(`upload answered ${accepted.status}: ${JSON.stringify(accepted.body).slice(0, 500)}`);
  console.log(`accepted in ${seconds(acceptMs)} s: ${JSON.stringify(accepted.body)}`);

  let batch;
  for (;;) {
    batch = (await json(`${urls.gateway}/v1/batches/${accepted.body.id}`, 'GET', undefined, key)).body;
    if (batch.status === 'completed' || performance.now() - t0 > DEADLINE_S * 1000) break;
    process.stderr.write(`  ${seconds(performance.now() - t0)} s ${JSON.stringify(batch.counts)}\n`);
    await sleep(2000);
  }
  const completeMs = performance.now() - t0;
  await during.stop();

  // Results: every line, in input order (so far, when the deadline came first).
  const r0 = performance.now();
  const results = await fetch(`${urls.gateway}/v1/batches/${accepted.body.id}/results`, { headers: { authorization: `Bearer ${key}` } });
  let count = 0;
  let inOrder = true;
  let rest = '';
  for await (const chunk of results.body) {
    rest += Buffer.from(chunk).toString('utf8');
    const lines = rest.split('\n');
    rest = lines.pop();
    for (const line of lines) {
      count++;
      if (JSON.parse(line).reference !== `line-${count}`) inOrder = false;
    }
  }
  const resultsMs = performance.now() - r0;
  for (let i = 0; i < 50 && completions.length === 0; i++) await sleep(200);
  await sleep(1000);
  receiver.close();

  const after = Object.fromEntries(hubs.map((h) => [h.label, usage(h.child.pid)]));
  console.log('');
  console.log(`${LINES} lines, ssa-composite, simulator at zero latency${EXTERNAL ? ' (external hub)' : ''}`);
  console.log(`  accepted (upload -> 202)        ${seconds(acceptMs)} s   (goal < 20 s)`);
  const done = (batch.counts.completed ?? 0) + (batch.counts.failed ?? 0) + (batch.counts.cancelled ?? 0);
  const finished = batch.status === 'completed' ? 'completed (upload -> all done) ' : `NOT completed by the ${DEADLINE_S} s deadline`;
  console.log(`  ${finished} ${seconds(completeMs)} s   (goal < 180 s): ${JSON.stringify(batch.counts)}, ${(done / ((completeMs - acceptMs) / 1000)).toFixed(0)} lines/s after the 202`);
  console.log(`  results stream                  ${count} lines in ${seconds(resultsMs)} s, in input order: ${inOrder}`);
  console.log(`  batch.completed webhooks        ${completions.length} (signature valid: ${completions.every((c) => c.signed)}), counts ${JSON.stringify(completions[0]?.body.data.counts)}`);
  if (peakRss !== null) console.log(`  gateway RSS during the upload   ${rssBefore.toFixed(0)} MB before, peak ${peakRss.toFixed(0)} MB`);
  console.log(`  single ssa-composite, submit -> completed (open loop, ${SINGLES_PER_SECOND}/s, polled every ${POLL_MS} ms):`);
  console.log(`    idle hub       n=${idle.latencies.length}  p50 ${pct(idle.latencies, 0.5)} ms  p99 ${pct(idle.latencies, 0.99)} ms`);
  console.log(`    during batch   n=${during.latencies.length}  p50 ${pct(during.latencies, 0.5)} ms  p99 ${pct(during.latencies, 0.99)} ms  max ${pct(during.latencies, 1)} ms`);
  if (hubs.length) {
    console.log('  CPU seconds during the batch (and RSS after):');
    for (const h of hubs) console.log(`    ${h.label.padEnd(12)} ${(after[h.label].cpu - before[h.label].cpu).toFixed(1)} s  ${after[h.label].rss.toFixed(0)} MB`);
    const cpu = hubs.reduce((sum, h) => sum + after[h.label].cpu - before[h.label].cpu, 0);
    console.log(`    hub total ${cpu.toFixed(1)} s for ${LINES} accepted and ${done} finished lines (PostgreSQL and Redis not counted)`);
  }
} finally {
  await stopHub();
}
