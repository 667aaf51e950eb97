// The bench's printed report: a table per concern, the targets of issue 8 beside the figures, one JSON line.
import { availableParallelism } from 'node:os';
import { round, table } from './stats.mjs';

const ms = (value) => (value === null || value === undefined ? '-' : String(value));
const HUB_SERVERS = ['gateway', 'broker', 'console', 'federal-hub'];
const SHARED_SERVERS = ['postgres', 'redis'];

export function printReport(result) {
  const { baseline, baselineAfter, baselinePaced, baselineAtHubRate, bareAccept, accept, closed, open, soak, memory } = result;
  const pacedPhases = [['open loop', open], ['soak', soak]].filter(([, phase]) => phase);
  const rows = [['phase', 'n', 'offered/s', 'accepted/s', 'completed/s', 'latency', 'p50 ms', 'p95 ms', 'p99 ms', 'CPU ms/msg']];
  if (baseline) {
    rows.push(['ideal pipeline (bare pg + BullMQ)', baseline.count, '-', '-', baseline.completedPerSecond, 'insert->completed', ...lat(baseline.latencyMs), baseline.cpuMsPerMessage]);
  }
  if (baselineAfter) {
    rows.push(['  again, after the closed loop', baselineAfter.count, '-', '-', baselineAfter.completedPerSecond, 'insert->completed', ...lat(baselineAfter.latencyMs), baselineAfter.cpuMsPerMessage]);
  }
  if (bareAccept) {
    rows.push(['bare Fastify (INSERT + add + 202)', bareAccept.accepted, '-', bareAccept.acceptedPerSecond, '-', 'send->202', ...lat(bareAccept.acceptMs), bareAccept.cpuMsPerMessage]);
  }
  if (accept) {
    rows.push([`gateway accept path (broker ${accept.brokerPaused ? 'paused' : 'working'})`, accept.accepted, '-', accept.acceptedPerSecond, '-', 'send->202', ...lat(accept.acceptMs), accept.cpuMsPerMessage]);
    rows.push(['  backlog drained by the broker', accept.completed, '-', '-', accept.drainedPerSecond, '', '', '', '', '']);
  }
  if (closed) {
    rows.push(['closed loop (hub, end to end)', closed.accepted, '-', closed.acceptedPerSecond, closed.completedPerSecond, 'accept->completed', ...lat(closed.latencyMs), closed.cpuMsPerMessage]);
    rows.push(['', '', '', '', '', 'accept->webhook', ...lat(closed.webhookMs), '']);
    rows.push(['', '', '', '', '', 'send->202', ...lat(closed.acceptMs), '']);
  }
  for (const [label, phase] of pacedPhases) {
    rows.push([`${label} (paced)`, phase.accepted, phase.offeredPerSecond, '-', phase.completedPerSecond, 'scheduled->completed', ...lat(phase.latencyMs), phase.cpuMsPerMessage]);
    rows.push(['', '', '', '', '', 'scheduled->webhook', ...lat(phase.webhookMs), '']);
    rows.push(['', '', '', '', '', 'scheduled->202', ...lat(phase.acceptMs), '']);
    rows.push(['', '', '', '', '', 'accept->completed', ...lat(phase.acceptToCompletedMs), '']);
  }
  for (const [label, phase] of [['ideal pipeline, paced at half its rate', baselinePaced], ["ideal pipeline, paced at the hub's rate", baselineAtHubRate]]) {
    if (phase) rows.push([label, phase.count, phase.offeredPerSecond, '-', phase.completedPerSecond, 'scheduled->completed', ...lat(phase.latencyMs), phase.cpuMsPerMessage]);
  }
  console.log(table(rows));
  for (const [label, phase] of pacedPhases) {
    const s = phase.secondlyP99Ms;
    if (s.seconds) console.log(`${label}: p99 of each second (scheduled->completed): best ${s.best} ms, median ${s.median} ms, worst ${s.worst} ms over ${s.seconds} s`);
    const stages = phase.stagesMs;
    console.log(`${label}: accept -> federal call started p50 ${ms(stages.acceptToCall.p50)} / p99 ${ms(stages.acceptToCall.p99)} ms; ` +
      `call and its recording p50 ${ms(stages.callAndRecord.p50)} / p99 ${ms(stages.callAndRecord.p99)} ms`);
  }

  if (result.ratio !== null) {
    const ideal = baselineAfter ? `the ideal pipeline's mean of ${result.idealPerSecond}/s before and after the closed loop` : 'same run';
    console.log(`\nhub / ideal pipeline (completed/s, ${ideal}): ${result.ratio}`);
  }
  const tx = Object.entries({ accept, closed, open, soak }).filter(([, phase]) => phase?.dbTransactionsPerMessage);
  if (tx.length) console.log(`PostgreSQL transactions per verification: ${tx.map(([name, phase]) => `${name} ${phase.dbTransactionsPerMessage}`).join(', ')}`);

  const phases = Object.entries({ baseline, 'bare accept': bareAccept, accept, closed, 'baseline again': baselineAfter, open, 'baseline paced': baselinePaced, 'baseline at hub rate': baselineAtHubRate, soak }).filter(([, phase]) => phase?.cpu);
  if (phases.length) {
    const groups = [...new Set(phases.flatMap(([, phase]) => Object.keys(phase.cpu)))];
    console.log(`\nCPU seconds per process and phase (postgres: the backends of the bench's database; redis: the whole server, shared;`);
    console.log(`cores busy: the whole machine's, of ${availableParallelism()}, by every process and the host, from /proc/stat)`);
    console.log(table([
      ['process', ...phases.map(([name]) => name)],
      ...groups.map((g) => [g, ...phases.map(([, phase]) => ms(round(phase.cpu[g], 2)))]),
      ['cores busy', ...phases.map(([, phase]) => ms(phase.coresBusy))],
    ]));
  }

  console.log(`\nmemory per process (MB)`);
  console.log(table([['process', 'RSS now', 'peak RSS'], ...Object.entries(memory).map(([name, m]) => [name, ms(round(m.rssMb)), ms(round(m.peakRssMb))])]));
  if (soak?.samples?.length) {
    const names = Object.keys(soak.samples[0].rssMb);
    console.log(`\nsoak: RSS (MB) over time`);
    console.log(table([['t (s)', ...names], ...soak.samples.map((s) => [s.tSeconds, ...names.map((n) => ms(round(s.rssMb[n])))])]));
    console.log(`growth at the end past the first quarter's highest: ${Object.entries(soak.rssGrowthMb).map(([n, g]) => `${n} ${g} MB`).join(', ')}`);
  }

  console.log(`\ntargets (issue 8; figures from this run; the CPU is shared, so they move 20-40 %)`);
  console.log(table([['target', 'measured', 'met'], ...result.targets.map((t) => [t.target, ms(t.measured), t.met === null ? '-' : t.met ? 'yes' : 'NO'])]));
  if (baselinePaced) {
    const fast = baselineAfter ?? baseline;
    console.log(`the ideal pipeline paced at half its rate (${baselinePaced.offeredPerSecond}/s): p99 ${baselinePaced.latencyMs.p99} ms scheduled->completed, ` +
      `${baselinePaced.cpuMsPerMessage} CPU ms a message against ${fast.cpuMsPerMessage} as fast as it goes, ${busy(baselinePaced)}`);
  }
  if (baselineAtHubRate && open) {
    console.log(`at the hub's open-loop rate (${open.offeredPerSecond}/s): p99 scheduled->completed ${open.latencyMs.p99} ms for the hub (${busy(open)}), ` +
      `${baselineAtHubRate.latencyMs.p99} ms for the ideal pipeline (${baselineAtHubRate.cpuMsPerMessage} CPU ms a message, ${busy(baselineAtHubRate)})`);
  }
  if (result.acceptRatio !== null) {
    console.log(`gateway accept path / bare Fastify (INSERT + add + 202, same clients and bodies) in this run: ${result.acceptRatio} ` +
      `(${accept.acceptedPerSecond} against ${bareAccept.acceptedPerSecond}/s${accept.brokerPaused ? '' : ', the broker working meanwhile'}; ` +
      `2,500/s is 0.74x of the 3,400/s PERFORMANCE.md's machine measured for bare Fastify)`);
  }
  console.log(JSON.stringify({ bench: 'dxhub', ...result }, (key, value) => (key === 'samples' ? value.map((s) => ({ t: s.tSeconds, ...s.rssMb })) : value)));
}

const lat = (l) => [ms(l?.p50), ms(l?.p95), ms(l?.p99)];

/** How full the machine was in a phase: the tail of a paced phase is read against it. */
const busy = (phase) => `${ms(phase.coresBusy)} of ${availableParallelism()} cores busy`;

/** Issue 8's targets, checked against this run's figures (informative: the bench asserts nothing). */
export function targetsOf({ accept, open, soak, memory, ratio }) {
  const maxRss = Math.max(...Object.entries(memory).filter(([n]) => n !== 'bench').map(([, m]) => m.peakRssMb ?? 0));
  const paced = soak ?? open;
  return [
    { target: 'throughput >= 0.5x ideal pipeline', measured: ratio, met: ratio === null ? null : ratio >= 0.5 },
    { target: 'p99 accept->completed < 100 ms at half max', measured: paced?.latencyMs.p99 ?? null, met: paced ? paced.latencyMs.p99 < 100 : null },
    { target: 'gateway accept path >= 2,500/s', measured: accept?.acceptedPerSecond ?? null, met: accept ? accept.acceptedPerSecond >= 2500 : null },
    { target: 'every process RSS < 300 MB', measured: round(maxRss), met: maxRss < 300 },
    {
      target: 'RSS flat over the soak (< 10 % growth)',
      measured: soak ? Math.max(...Object.values(soak.rssGrowthPercent)) : null,
      met: soak ? Object.values(soak.rssGrowthPercent).every((g) => g < 10) : null,
    },
  ];
}

/** CPU ms per message of the hub's processes, PostgreSQL and Redis (or of `groups` in their place, e.g. a baseline's server). */
export const hubCpuMs = (cpu, count, groups = HUB_SERVERS) =>
  round(([...groups, ...SHARED_SERVERS].reduce((sum, g) => sum + (cpu[g] ?? 0), 0) * 1000) / count, 2);
