// The bench's child processes (its hub, the baselines' processes) live no longer than the bench: a hub left
// behind by a crashed run would hold the ports and answer the next run in place of its own.

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
