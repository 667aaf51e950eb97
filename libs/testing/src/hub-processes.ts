import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, WriteStream } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { heapLimitArgs } from '@dxhub/platform';

export const HUB_PROCESSES = ['federal-hub', 'gateway', 'console', 'broker'] as const;
export type HubProcessName = (typeof HUB_PROCESSES)[number];

export interface RunningProcess {
  name: HubProcessName;
  child: ChildProcess;
  log: WriteStream;
  logPath: string;
}

const HEALTH_PORT_VARIABLE: Record<HubProcessName, string> = {
  'federal-hub': 'FEDERAL_HUB_PORT',
  gateway: 'GATEWAY_PORT',
  console: 'CONSOLE_PORT',
  broker: 'BROKER_HEALTH_PORT',
};

/** Starts one compiled process (npm run build first) with its output captured to a file. */
export function startHubProcess(root: string, name: HubProcessName, env: NodeJS.ProcessEnv, logDir: string): RunningProcess {
  mkdirSync(logDir, { recursive: true });
  const logPath = join(logDir, `${name}.log`);
  const log = createWriteStream(logPath, { flags: 'a' });
  // With the heap cap npm start gives every process (HEAP_LIMIT_MB).
  const child = spawn(process.execPath, [...heapLimitArgs(env), join(root, 'dist', 'apps', name, 'src', 'main.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });
  return { name, child, log, logPath };
}

/**
 * Fails at once, naming the port, when it is taken: otherwise a hub left over from an interrupted run would
 * answer the tests (or the bench) in place of the one just built.
 */
export async function assertPortFree(port: number, label: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer()
      .once('error', () =>
        reject(new Error(`port ${port} (${label}) is taken: a hub left over from an interrupted run? Stop it (ss -ltnp | grep ${port}) or use other ports (DXHUB_TEST_SLOT=<n>), and run again.`)),
      )
      .once('listening', () => probe.close(() => resolve()))
      .listen(port, '127.0.0.1');
  });
}

/** assertPortFree for each of the hub's processes as `env` places them. */
export async function assertPortsFree(env: NodeJS.ProcessEnv, names: readonly HubProcessName[] = HUB_PROCESSES): Promise<void> {
  for (const name of names) await assertPortFree(Number(env[HEALTH_PORT_VARIABLE[name]]), name);
}

// DXHUB_START_TIMEOUT_MS: more (or less) time to start than a minute, e.g. on a machine shared with other runs.
export async function waitForHealthy(name: HubProcessName, env: NodeJS.ProcessEnv, timeoutMs = Number(process.env.DXHUB_START_TIMEOUT_MS ?? 60_000)): Promise<void> {
  await waitForHealthyUrl(`http://127.0.0.1:${env[HEALTH_PORT_VARIABLE[name]]}/health`, timeoutMs, name);
}

/** Polls a /health URL until it answers 2xx; fails with the last answer (or error) after `timeoutMs`. */
export async function waitForHealthyUrl(url: string, timeoutMs: number, name = url): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
      last = `HTTP ${response.status}: ${await response.text()}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${name} did not become healthy at ${url}: ${last}`);
}

/** SIGTERM (graceful shutdown), then SIGKILL after a grace period; resolves with the exit code or signal. */
export function stopHubProcess(running: RunningProcess, graceMs = 10_000): Promise<number | string | null> {
  return new Promise((resolve) => {
    const { child } = running;
    let timer: NodeJS.Timeout | undefined;
    const finish = (code: number | null, signal: string | null) => {
      clearTimeout(timer);
      running.log.end();
      resolve(signal ?? code);
    };
    if (child.exitCode !== null || child.signalCode !== null) return finish(child.exitCode, child.signalCode);
    timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', finish);
    child.kill('SIGTERM');
  });
}
