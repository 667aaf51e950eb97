// The bench's child processes (its hub, the baselines' processes) live no longer than the bench, and a bench
// never measures a process it did not start: a hub left behind by a crashed run would hold the ports and
// answer in place of the new one.
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';

const running = new Set();
let installed = false;

/** Kills `child` when the bench exits, however it exits (an error, Ctrl-C, SIGTERM). */
export function reapOnExit(child) {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (installed) return child;
  installed = true;
  process.once('exit', () => running.forEach((c) => c.kill('SIGKILL')));
  // Without these a signal ends the bench without its 'exit' event, and the children would outlive it.
  process.once('SIGINT', () => process.exit(130));
  process.once('SIGTERM', () => process.exit(143));
  return child;
}

/** The pid listening on a local TCP port (same user only), or none. */
export function pidOnPort(port) {
  try {
    const line = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' });
    const match = /pid=(\d+)/.exec(line);
    return match ? [Number(match[1])] : [];
  } catch {
    return [];
  }
}

function portIsFree(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Fails, saying what to do, unless every port is free. */
export async function requireFreePorts(ports) {
  for (const port of ports) {
    if (await portIsFree(port)) continue;
    const [pid] = pidOnPort(port);
    const holder = pid ? ` by pid ${pid} (${execFileSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' }).trim().slice(0, 80)})` : '';
    throw new Error(
      `port ${port} is taken${holder}: another bench (or a hub it left behind) is running. ` +
        `Stop it (pkill -f dist/apps) or give this run other ports and its own database with DXHUB_TEST_SLOT=1.`,
    );
  }
}
