// A baseline's own Node process (the ideal pipeline's producer and worker, the bare Fastify server): started
// with its settings in the environment, ready when it prints `ready` (with what it has to say on that line).
import { spawn } from 'node:child_process';
import { reapOnExit } from './children.mjs';

/** Starts `script role`; `ready` resolves with the rest of the line the process printed after `ready`. */
export function startBenchProcess(script, role, env) {
  const child = reapOnExit(spawn(process.execPath, [script, role], { env, stdio: ['ignore', 'pipe', 'inherit'] }));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const ready = new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      const line = /ready ?(.*)/.exec(String(chunk));
      if (line) resolve(line[1].trim());
    });
    exited.then((code) => reject(new Error(`${script} ${role} exited with ${code}`)));
  });
  return { child, exited, ready };
}
