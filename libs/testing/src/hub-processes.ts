import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, WriteStream } from 'node:fs';
import { join } from 'node:path';

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
  const child = spawn(process.execPath, [join(root, 'dist', 'apps', name, 'src', 'main.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });
  return { name, child, log, logPath };
}

// DXHUB_START_TIMEOUT_MS: more time to start on a machine shared with other test runs.
export async function waitForHealthy(name: HubProcessName, env: NodeJS.ProcessEnv, timeoutMs = Number(process.env.DXHUB_START_TIMEOUT_MS ?? 20_000)): Promise<void> {
  const url = `http://127.0.0.1:${env[HEALTH_PORT_VARIABLE[name]]}/health`;
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
