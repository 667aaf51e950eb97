import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { maintenanceUrl, ownerDatabaseUrl, prepareDatabase } from '@dxhub/persistence';
import { z } from 'zod';
import { assertDependenciesReachable, exitWithMessage, heapLimitArgs, ports, replicaPort, safeUrl, sharedEnv } from '@dxhub/platform';

// `npm start`: creates the database when missing, applies migrations, then runs every process with its
// output prefixed. Ctrl-C (or SIGTERM) asks each process to shut down gracefully and waits for them.
// BROKER_PROCESSES brokers share the work (stateless, docs/scaling.md). One by default: on this 2-core machine a
// second broker raised the maximum only on a slow host, and lengthened the open loop's tail at half of it on
// every host, because each broker then batches half as much into PostgreSQL (measured in docs/scaling.md).
// Broker n (from 0) serves health and metrics on BROKER_HEALTH_PORT + 10 n.

const brokerProcesses = z.coerce.number().int().min(1).max(16).default(1);
const COLORS = ['\x1b[35m', '\x1b[36m', '\x1b[33m', '\x1b[32m', '\x1b[34m'];
const RESET = '\x1b[0m';
const GRACE_MS = 20_000;

const distRoot = join(__dirname, '..', '..', '..');
const children = new Map<string, ChildProcess>();
let stopping = false;

function prefixLines(name: string, color: string, stream: NodeJS.ReadableStream, out: NodeJS.WriteStream): void {
  const tag = process.stdout.isTTY ? `${color}${name.padEnd(11)}${RESET}|` : `${name.padEnd(11)}|`;
  createInterface({ input: stream }).on('line', (line) => out.write(`${tag} ${line}\n`));
}

/** The processes to run: each name with its app and its own environment changes. */
function processes(brokers: number): { name: string; app: string; env: NodeJS.ProcessEnv }[] {
  const brokerPort = ports.BROKER_HEALTH_PORT.parse(process.env.BROKER_HEALTH_PORT);
  return [
    ...['federal-hub', 'gateway', 'console'].map((app) => ({ name: app, app, env: {} })),
    ...Array.from({ length: brokers }, (_, n) => ({
      name: n ? `broker-${n + 1}` : 'broker',
      app: 'broker',
      env: { BROKER_HEALTH_PORT: String(replicaPort(brokerPort, n)) },
    })),
  ];
}

function startChild({ name, app, env }: { name: string; app: string; env: NodeJS.ProcessEnv }, index: number, nodeArgs: string[]): void {
  // Own process group: a terminal's Ctrl-C reaches only this launcher, which then stops each child once.
  const child = spawn(process.execPath, [...nodeArgs, join(distRoot, 'apps', app, 'src', 'main.js')], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  prefixLines(name, COLORS[index % COLORS.length], child.stdout!, process.stdout);
  prefixLines(name, COLORS[index % COLORS.length], child.stderr!, process.stderr);
  child.on('exit', (code, signal) => {
    children.delete(name);
    if (!stopping) {
      console.error(`dxhub: ${name} exited (${signal ?? `code ${code}`}); stopping the others`);
      void stopAll(1);
    } else if (children.size === 0) {
      process.exit(process.exitCode ?? 0);
    }
  });
  children.set(name, child);
}

async function stopAll(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  process.exitCode = exitCode;
  if (children.size === 0) process.exit(exitCode);
  console.log(`dxhub: stopping ${[...children.keys()].join(', ')} (up to ${GRACE_MS / 1000} s for work in flight)`);
  for (const child of children.values()) child.kill('SIGTERM');
  setTimeout(() => {
    for (const [name, child] of children) {
      console.error(`dxhub: ${name} did not stop in time; killing it`);
      child.kill('SIGKILL');
    }
  }, GRACE_MS).unref();
}

async function main(): Promise<void> {
  const databaseUrl = sharedEnv.DATABASE_URL.parse(process.env.DATABASE_URL);
  const ownerUrl = ownerDatabaseUrl(databaseUrl, process.env.DATABASE_OWNER_URL, process.env.NODE_ENV === 'production');
  const redisUrl = sharedEnv.REDIS_URL.parse(process.env.REDIS_URL);
  const brokers = brokerProcesses.safeParse(process.env.BROKER_PROCESSES);
  if (!brokers.success) throw new Error('BROKER_PROCESSES must be a whole number from 1 to 16');
  const nodeArgs = ['--enable-source-maps', ...heapLimitArgs()]; // a bad HEAP_LIMIT_MB stops the start here
  // The server, not the database: the database may not exist yet.
  await assertDependenciesReachable('start', { databaseUrl: maintenanceUrl(ownerUrl), redisUrl });
  const { created, applied, appRole } = await prepareDatabase(ownerUrl, databaseUrl);
  if (created) console.log(`dxhub: created database ${safeUrl(ownerUrl)}`);
  console.log(applied.length ? `dxhub: applied migrations ${applied.join(', ')}` : 'dxhub: database schema is up to date');
  if (appRole) console.log(`dxhub: the processes run as the PostgreSQL role ${appRole} (least privilege; the audit journal is append-only)`);
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  process.on('exit', () => children.forEach((child) => child.kill('SIGKILL')));
  processes(brokers.data).forEach((child, index) => startChild(child, index, nodeArgs));
}

main().catch((error: unknown) => exitWithMessage('start', error instanceof Error ? error.message : String(error)));
