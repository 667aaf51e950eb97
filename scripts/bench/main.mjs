// npm run bench: the hub's throughput, latency, CPU and memory beside PERFORMANCE.md's "ideal pipeline",
// measured in one run on this machine. Prints a table and one JSON line; asserts nothing (no timed tests).
// Phases: warm-up, ideal pipeline, bare Fastify's accept baseline, gateway accept path alone, closed loop, the ideal pipeline again,
// open loop, the ideal pipeline paced at half its rate, and a soak with --duration.
// Options: npm run bench -- --help.   Completion times come from PostgreSQL (created_at, completed_at) and from
// the webhook receiver, never from polling each verification, so measuring adds no load.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Redis from 'ioredis';
import { runBareAccept } from './bare-accept.mjs';
import { CompletionReader } from './completions.mjs';
import { createExchanges, startWebhookReceiver } from './exchanges.mjs';
import { ownHubEnv, startOwnHub, targetHub } from './hub.mjs';
import { idealPerSecond, runIdealPipeline } from './ideal-pipeline.mjs';
import { closedLoop, openLoop, Submitter } from './load.mjs';
import { parseOptions } from './options.mjs';
import { wallNow } from './pacer.mjs';
import { CpuMeter, memoryMb } from './proc-stats.mjs';
import { hubCpuMs, printReport, targetsOf } from './report.mjs';
import { perSecond, percentiles, round, secondlyP99 } from './stats.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const options = parseOptions(process.argv.slice(2), root);
const log = (text) => process.stderr.write(`[bench] ${text}\n`);
let lastProgress = 0;
const progress = (text) => {
  if (process.stderr.isTTY) process.stderr.write(`\r[bench] ${text}`.padEnd(100).slice(0, 100));
  else if (Date.now() - lastProgress > 5000) {
    lastProgress = Date.now();
    log(text);
  }
};
const endProgress = () => process.stderr.isTTY && process.stderr.write('\n');

const hub = await (options.target ? targetHub() : startOwnHub(root, options, log)).catch((error) => {
  log(error.message); // what to do is in the message; the stack would only hide it
  process.exit(1);
});
const redisUrl = options.target ? (process.env.REDIS_URL ?? 'redis://127.0.0.1:6379') : ownHubEnv(options).REDIS_URL;
const receiver = await startWebhookReceiver();
const reader = new CompletionReader(hub.databaseUrl);
const redis = new Redis(redisUrl);
const result = { at: new Date().toISOString(), target: options.target, options: { ...options, skip: [...options.skip], nodeArgs: undefined } };

try {
  await reader.connect();
  await fetch(`${hub.federalHubUrl}/admin/reset`, { method: 'POST' }); // no faults, no latency
  const redisPid = Number(/process_id:(\d+)/.exec(await redis.info('server'))[1]);
  const database = new URL(hub.databaseUrl).pathname.slice(1);
  const transactions = () => reader.committedTransactions(database);
  const meter = new CpuMeter({
    ...Object.fromEntries(Object.entries(hub.pids).map(([name, pids]) => [name, () => pids])),
    postgres: () => reader.backendPids(database),
    redis: () => [redisPid],
    bench: () => [process.pid],
  });
  const exchanges = await createExchanges(hub, options.exchanges, receiver.url);
  log(`${exchanges.length} exchanges with keys and webhooks; gateway(s) ${hub.gatewayUrls.join(', ')}; pids ${JSON.stringify(hub.pids)}`);
  const run = Date.now().toString(36);
  const submitter = new Submitter(hub.gatewayUrls, exchanges, Math.max(options.concurrency, options.acceptConcurrency), {
    idempotencyKeys: options.idempotencyKeys,
  });
  let offset = 0; // every request of the run gets a different subject

  /** Waits for the phase's verifications and measures them from the database and the webhook receiver. */
  const finish = async (reference, expected, label, sinceMs) => {
    const waited = await reader.waitForAll(reference, expected, (done) => progress(`${label}: ${done}/${expected} completed`));
    endProgress();
    if (!waited.complete) log(`${label}: only ${waited.done} of ${expected} finished (stalled for 60 s): figures cover those`);
    const rows = await reader.times(reference);
    const completed = rows.filter((r) => r.status === 'completed');
    await waitForWebhooks(completed, label);
    const failed = rows.length - completed.length;
    if (failed) log(`${label}: ${failed} verifications did not complete (failed or open)`);
    // reduce, not Math.min(...rows): a soak's hundreds of thousands of rows overflow the call stack as arguments.
    const first = rows.reduce((min, r) => Math.min(min, r.created), sinceMs ?? Infinity);
    const last = rows.reduce((max, r) => Math.max(max, r.ended ?? 0), 0);
    return { rows, completed, failed, completedPerSecond: perSecond(completed.length, last - first), lastEnded: last };
  };

  /** Webhooks trail completions: wait for the phase's (or 30 s without one) so that none spills into the next phase. */
  const waitForWebhooks = async (completed, label) => {
    let missing = completed.filter((r) => !receiver.arrivals.has(r.id)).length;
    let lastChange = Date.now();
    while (missing && Date.now() - lastChange < 30_000) {
      progress(`${label}: waiting for ${missing} webhooks`);
      await new Promise((resolve) => setTimeout(resolve, 250));
      const now = completed.filter((r) => !receiver.arrivals.has(r.id)).length;
      if (now !== missing) lastChange = Date.now();
      missing = now;
    }
    endProgress();
    if (missing) log(`${label}: ${missing} webhooks did not arrive (none for 30 s)`);
  };

  if (options.warmup) {
    const reference = `bench-${run}-warmup`;
    const load = await closedLoop(submitter, { count: options.warmup, concurrency: options.concurrency, reference, offset });
    offset += options.warmup;
    await finish(reference, load.accepted, 'warm-up');
  }

  /** One run of the ideal pipeline, on a queue prefix of its own (`when` tells a bench's runs apart); paced given `rate`. */
  const idealPipeline = async (when, rate = null) => {
    const baseline = await runIdealPipeline({
      databaseUrl: hub.databaseUrl,
      redisUrl,
      prefix: `{dxhub-bench-ideal-${run}-${when}}`,
      count: rate ? Math.max(1, Math.floor((rate * options.openMs) / 1000)) : options.baselineCount,
      concurrency: options.baselineConcurrency,
      rate,
      meter,
      progress,
    });
    endProgress();
    const cpu = { 'ideal-producer': baseline.cpu['ideal-producer'], 'ideal-worker': baseline.cpu['ideal-worker'], postgres: baseline.cpu.postgres, redis: baseline.cpu.redis };
    log(`ideal pipeline (${when}): ${baseline.completedPerSecond}/s`);
    return { ...baseline, cpu, cpuMsPerMessage: round((Object.values(cpu).reduce((a, b) => a + b, 0) * 1000) / baseline.count, 2) };
  };

  if (!options.skip.has('baseline')) result.baseline = await idealPipeline('before');

  if (!options.skip.has('accept')) {
    // The machine's yardstick first: bare Fastify for the same clients, then the gateway.
    const bare = await runBareAccept({
      databaseUrl: hub.databaseUrl,
      redisUrl,
      prefix: `{dxhub-bench-bare-${run}}`,
      count: options.acceptCount,
      concurrency: options.acceptConcurrency,
      idempotencyKeys: options.idempotencyKeys,
      meter,
    });
    result.bareAccept = { ...bare, cpuMsPerMessage: hubCpuMs(bare.cpu, bare.accepted, ['bare-fastify']) };
    log(`bare Fastify (INSERT + add + 202): ${bare.acceptedPerSecond}/s accepted`);

    const reference = `bench-${run}-accept`;
    const before = await meter.sample();
    const tx0 = await transactions();
    hub.pauseBrokers?.();
    const base = submitter.statuses[202] ?? 0;
    const ticker = setInterval(() => progress(`accept path: ${(submitter.statuses[202] ?? 0) - base} accepted`), 1000);
    const load = await closedLoop(submitter, { count: options.acceptCount, concurrency: options.acceptConcurrency, reference, offset });
    clearInterval(ticker);
    offset += options.acceptCount;
    const { cpu: acceptCpu, coresBusy: acceptCoresBusy } = await meter.since(before);
    const acceptTx = (await transactions()) - tx0;
    const resumed = wallNow();
    hub.resumeBrokers?.();
    const done = await finish(reference, load.accepted, 'backlog', resumed);
    result.accept = {
      brokerPaused: Boolean(hub.pauseBrokers),
      sent: load.sent,
      accepted: load.accepted,
      concurrency: options.acceptConcurrency,
      acceptedPerSecond: perSecond(load.accepted, load.lastAccept - load.started),
      acceptMs: percentiles(load.acceptMs),
      cpu: acceptCpu,
      coresBusy: acceptCoresBusy,
      cpuMsPerMessage: hubCpuMs(acceptCpu, load.accepted),
      dbTransactionsPerMessage: round(acceptTx / load.accepted, 1),
      completed: done.completed.length,
      drainedPerSecond: hub.pauseBrokers ? perSecond(done.completed.length, done.lastEnded - resumed) : null,
    };
    log(`accept path: ${result.accept.acceptedPerSecond}/s accepted`);
  }

  if (!options.skip.has('closed')) {
    const reference = `bench-${run}-closed`;
    const before = await meter.sample();
    const tx0 = await transactions();
    const base = submitter.statuses[202] ?? 0;
    const ticker = setInterval(() => progress(`closed loop: ${(submitter.statuses[202] ?? 0) - base} accepted of ${options.count}`), 1000);
    const load = await closedLoop(submitter, { count: options.count, concurrency: options.concurrency, reference, offset });
    clearInterval(ticker);
    offset += options.count;
    const done = await finish(reference, load.accepted, 'closed loop');
    const { cpu, coresBusy } = await meter.since(before);
    result.closed = {
      sent: load.sent,
      accepted: load.accepted,
      concurrency: options.concurrency,
      acceptedPerSecond: perSecond(load.accepted, load.lastAccept - load.started),
      completedPerSecond: done.completedPerSecond,
      failed: done.failed,
      acceptMs: percentiles(load.acceptMs),
      latencyMs: percentiles(done.completed.map((r) => r.ended - r.created)),
      webhookMs: percentiles(done.completed.filter((r) => receiver.arrivals.has(r.id)).map((r) => receiver.arrivals.get(r.id) - r.created)),
      webhooksReceived: done.completed.filter((r) => receiver.arrivals.has(r.id)).length,
      cpu,
      coresBusy,
      cpuMsPerMessage: hubCpuMs(cpu, load.accepted),
      dbTransactionsPerMessage: round(((await transactions()) - tx0) / load.accepted, 1),
    };
    log(`closed loop: ${result.closed.completedPerSecond}/s completed, p99 ${result.closed.latencyMs.p99} ms; webhooks received so far ${receiver.arrivals.size}`);
  }

  // The ideal pipeline again, right after the closed loop: the ratio takes its mean on either side of the hub's
  // run, since this machine's speed moves by tens of percent within minutes (one run before the hub measured
  // 1,178/s and, two minutes later in the next bench, 804/s: docs/scaling.md).
  if (result.baseline && result.closed) result.baselineAfter = await idealPipeline('after');

  const maxRate = result.closed?.completedPerSecond ?? null;
  const pacedRate = options.rate ?? (maxRate ? Math.max(1, Math.round(maxRate / 2)) : 100);

  /** An open-loop phase at `pacedRate`; `sample` is called every sampleEveryMs meanwhile (the soak's RSS). */
  const paced = async (name, durationMs, sample) => {
    const reference = `bench-${run}-${name}`;
    const before = await meter.sample();
    const tx0 = await transactions();
    const load = await openLoop(submitter, {
      rate: pacedRate,
      durationMs,
      reference,
      offset,
      onTick: (sent, total) => progress(`${name}: ${sent}/${total} sent at ${pacedRate}/s`),
    });
    // While the load was offered; not the wait for its last answers and webhooks, which would dilute it.
    const coresBusy = meter.coresBusy(before);
    offset += load.sent;
    const done = await finish(reference, load.accepted, name);
    const { cpu } = await meter.since(before);
    const scheduledOf = (r) => load.scheduledById.get(r.id);
    const measured = done.completed.filter((r) => scheduledOf(r) !== undefined);
    if (load.lateSends) log(`${name}: ${load.lateSends} requests left more than 10 ms after their scheduled time (counted from the schedule)`);
    return {
      offeredPerSecond: pacedRate,
      durationSeconds: durationMs / 1000,
      sent: load.sent,
      accepted: load.accepted,
      completedPerSecond: done.completedPerSecond,
      failed: done.failed,
      acceptMs: percentiles(load.acceptMs),
      latencyMs: percentiles(measured.map((r) => r.ended - scheduledOf(r))),
      // From the hub's acceptance (the intake's commit) instead: what the hub adds after it took the request.
      acceptToCompletedMs: percentiles(measured.map((r) => r.ended - r.created)),
      secondlyP99Ms: secondlyP99(measured, scheduledOf, (r) => r.ended - scheduledOf(r)),
      // Where the time after acceptance goes: to the first federal call's start (the job's hand-over, the
      // load and the start statement), then the call and the statement that records its answer.
      stagesMs: {
        acceptToCall: percentiles(measured.filter((r) => r.callStarted).map((r) => r.callStarted - r.created)),
        callAndRecord: percentiles(measured.filter((r) => r.callEnded).map((r) => r.callEnded - r.callStarted)),
      },
      webhookMs: percentiles(measured.filter((r) => receiver.arrivals.has(r.id)).map((r) => receiver.arrivals.get(r.id) - scheduledOf(r))),
      lateSends: load.lateSends,
      cpu,
      coresBusy,
      cpuMsPerMessage: hubCpuMs(cpu, load.accepted),
      dbTransactionsPerMessage: round(((await transactions()) - tx0) / load.accepted, 1),
    };
  };

  if (!options.skip.has('open')) {
    result.open = await paced('open', options.openMs);
    log(`open loop at ${pacedRate}/s: p99 ${result.open.latencyMs.p99} ms scheduled->completed`);
    // The latency target's yardstick, as the ratio's: the ideal pipeline paced at half its own rate, just as
    // long. What this machine's least pipeline gives at half its maximum (PERFORMANCE.md: p99 37 ms at 1,000/s).
    if (result.baseline) {
      result.baselinePaced = await idealPipeline('paced', Math.max(1, Math.round(idealPerSecond(result.baseline, result.baselineAfter) / 2)));
      // And at the hub's own offered rate: the tail this machine gives the least pipeline under the same load
      // (on a busy host it misses the target at a fraction of its maximum too: docs/scaling.md).
      result.baselineAtHubRate = await idealPipeline('at-hub-rate', pacedRate);
    }
  }

  if (options.soakMs) {
    const started = Date.now();
    const samples = [];
    const takeSample = () => {
      const rssMb = {};
      for (const [name, pids] of Object.entries(hub.pids)) pids.forEach((pid, i) => (rssMb[i ? `${name}-${i + 1}` : name] = memoryMb(pid)?.rssMb ?? null));
      samples.push({ tSeconds: Math.round((Date.now() - started) / 1000), rssMb });
    };
    takeSample();
    const sampler = setInterval(takeSample, options.sampleEveryMs);
    const soak = await paced('soak', options.soakMs);
    clearInterval(sampler);
    takeSample();
    // Growth: the end against the highest RSS of the first quarter (start-up, pools and JIT warm by then). Not
    // against one sample of it: V8 hands memory back when the load drops (the closed loop ends as the soak
    // starts) and takes it again, and a sample taken in that dip read a return to the start as growth.
    const early = samples.slice(0, Math.floor(samples.length / 4) + 1);
    const last = samples[samples.length - 1];
    const names = Object.keys(last.rssMb);
    const earlyHigh = Object.fromEntries(names.map((n) => [n, Math.max(...early.map((sample) => sample.rssMb[n]))]));
    const rssGrowthMb = Object.fromEntries(names.map((n) => [n, round(last.rssMb[n] - earlyHigh[n])]));
    const rssGrowthPercent = Object.fromEntries(names.map((n) => [n, round((100 * (last.rssMb[n] - earlyHigh[n])) / earlyHigh[n])]));
    result.soak = { ...soak, samples, rssGrowthMb, rssGrowthPercent };
  }

  result.memory = {};
  for (const [name, pids] of Object.entries(hub.pids)) pids.forEach((pid, i) => (result.memory[i ? `${name}-${i + 1}` : name] = memoryMb(pid) ?? {}));
  result.memory.bench = memoryMb(process.pid);
  result.idealPerSecond = idealPerSecond(result.baseline, result.baselineAfter);
  result.ratio = result.idealPerSecond && result.closed ? round(result.closed.completedPerSecond / result.idealPerSecond, 2) : null;
  result.acceptRatio = result.bareAccept && result.accept ? round(result.accept.acceptedPerSecond / result.bareAccept.acceptedPerSecond, 2) : null;
  result.maxRatePerSecond = maxRate;
  result.targets = targetsOf(result);
  submitter.close();
  printReport(result);
} finally {
  await hub.stop();
  await receiver.stop();
  await reader.close().catch(() => undefined);
  redis.disconnect();
}
