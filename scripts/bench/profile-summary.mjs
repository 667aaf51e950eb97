// Summarises a V8 CPU profile (node --cpu-prof, or npm run bench -- --profile gateway,broker): self time by
// package or file, and the hottest functions, so an optimisation starts from a measurement.
//   node scripts/bench/profile-summary.mjs <file.cpuprofile> [--top 30]
import { readFileSync } from 'node:fs';

const [file] = process.argv.slice(2);
const top = Number(process.argv[process.argv.indexOf('--top') + 1]) || 30;
const profile = JSON.parse(readFileSync(file, 'utf8'));
const totalUs = profile.endTime - profile.startTime;
// Self time per node: each sample's node gets the time until the next sample. That is wall time: while the
// process waits for a CPU, the time goes to a sample taken around the wait. On a busy machine that is often a
// native socket write (a write wakes its peer, which may take the CPU), so writes look dearer than they are
// (sixteenth session, docs/scaling.md). The bench's CPU seconds per process say what a process was charged.
const selfUs = new Map();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0)));

/** Where a frame's code lives: a node_modules package, a file of ours, node's internals, or V8 itself. */
function placeOf({ url, functionName }) {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1];
  if (url.startsWith('node:')) return url;
  const ours = /\/dist\/(.*)$/.exec(url);
  return ours ? ours[1] : url;
}

const byPlace = new Map();
const byFunction = new Map();
for (const node of profile.nodes) {
  const us = selfUs.get(node.id) ?? 0;
  if (!us) continue;
  const place = placeOf(node.callFrame);
  byPlace.set(place, (byPlace.get(place) ?? 0) + us);
  const name = `${node.callFrame.functionName || '(anonymous)'} ${place}:${node.callFrame.lineNumber + 1}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + us);
}
const idle = byPlace.get('(idle)') ?? 0;
const busy = totalUs - idle;
const show = (map) =>
  [...map]
    .filter(([name]) => !name.startsWith('(idle)'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, us]) => `${((100 * us) / busy).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(7)} ms  ${name}`)
    .join('\n');
console.log(`${file}: ${(totalUs / 1e6).toFixed(1)} s profiled, ${(busy / 1e6).toFixed(1)} s not idle (wall time, waits for a CPU included)`);
console.log(`\nself time by package / file\n${show(byPlace)}`);
console.log(`\nhottest functions (self time)\n${show(byFunction)}`);
