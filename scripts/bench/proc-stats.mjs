// CPU seconds and memory of processes, read from /proc (Linux): what each process of the hub costs.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

const CLOCK_TICKS_PER_SECOND = 100; // sysconf(_SC_CLK_TCK) on Linux

/** utime + stime of a process in seconds, or null when it is gone. */
export function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces: count fields from after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** Resident memory now (VmRSS) and its peak over the process's life (VmHWM), in MB; null when gone. */
export function memoryMb(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

/**
 * The whole machine's CPU time so far (/proc/stat, all CPUs, in clock ticks): busy is everything but idle and
 * I/O wait, so it counts every process (the load generator, other tenants) and the time the host took (steal).
 */
export function machineCpu() {
  const ticks = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0].trim().split(/\s+/).slice(1, 9).map(Number);
  const [, , , idle, iowait] = ticks;
  const total = ticks.reduce((sum, t) => sum + t, 0);
  return { busy: total - idle - iowait, total };
}

/**
 * Named groups of pids (a group is one process, or e.g. all PostgreSQL backends serving the bench's database).
 * `sample()` snapshots their CPU seconds and the machine's; `since(snapshot)` says how much each group used
 * in between, and how many of the machine's cores were busy, by anything: a phase's tail is read against that
 * (a machine near full drains every pause slowly: docs/scaling.md). `extra` adds groups for one measurement
 * (e.g. the ideal pipeline's processes).
 */
export class CpuMeter {
  constructor(groups) {
    this.groups = groups; // { name: () => pid[] | Promise<pid[]> }
  }

  async sample(extra = {}) {
    const groups = {};
    const named = { ...this.groups, ...Object.fromEntries(Object.entries(extra).map(([name, pids]) => [name, () => pids])) };
    for (const [name, pidsOf] of Object.entries(named)) {
      groups[name] = {};
      for (const pid of await pidsOf()) groups[name][pid] = cpuSeconds(pid) ?? 0;
    }
    return { groups, machine: machineCpu() };
  }

  /**
   * CPU seconds per group between `before` and now (a pid that appeared meanwhile counts from 0), and the
   * machine's busy cores over the same time.
   */
  async since(before, extra = {}) {
    const { groups, machine } = await this.sample(extra);
    const used = {};
    for (const [name, pids] of Object.entries(groups)) {
      used[name] = Object.entries(pids).reduce((sum, [pid, seconds]) => sum + seconds - (before.groups[name]?.[pid] ?? 0), 0);
    }
    return { cpu: used, coresBusy: this.coresBusy(before, machine) };
  }

  /** Cores of the machine kept busy between `before` and `now`, by every process and the host. */
  coresBusy(before, now = machineCpu()) {
    const total = now.total - before.machine.total;
    return total > 0 ? Math.round(((now.busy - before.machine.busy) / total) * availableParallelism() * 100) / 100 : null;
  }
}
