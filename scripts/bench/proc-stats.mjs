// CPU seconds and memory of processes, read from /proc (Linux): what each process of the hub costs.
import { readFileSync } from 'node:fs';

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
 * Named groups of pids (a group is one process, or e.g. all PostgreSQL backends serving the bench's database).
 * `sample()` snapshots their CPU seconds; `since(snapshot)` says how much each group used in between.
 * `extra` adds groups for one measurement (e.g. the ideal pipeline's processes).
 */
export class CpuMeter {
  constructor(groups) {
    this.groups = groups; // { name: () => pid[] | Promise<pid[]> }
  }

  async sample(extra = {}) {
    const snapshot = {};
    const groups = { ...this.groups, ...Object.fromEntries(Object.entries(extra).map(([name, pids]) => [name, () => pids])) };
    for (const [name, pidsOf] of Object.entries(groups)) {
      snapshot[name] = {};
      for (const pid of await pidsOf()) snapshot[name][pid] = cpuSeconds(pid) ?? 0;
    }
    return snapshot;
  }

  /** CPU seconds per group between `before` and now (a pid that appeared meanwhile counts from 0). */
  async since(before, extra = {}) {
    const now = await this.sample(extra);
    const used = {};
    for (const [name, pids] of Object.entries(now)) {
      used[name] = Object.entries(pids).reduce((sum, [pid, seconds]) => sum + seconds - (before[name]?.[pid] ?? 0), 0);
    }
    return used;
  }
}
