// The hub under test: by default the bench starts its own (the four compiled processes on their own
// database, Redis prefix and ports, the simulator with no latency and no faults); with --target it drives
// processes that are already running and finds their pids from their listening ports.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Redis from 'ioredis';
import pg from 'pg';
import { reapOnExit } from './children.mjs';

/** One of the project's compiled libraries (the bench runs `npm run build` first). */
const distLibrary = (name) => createRequire(import.meta.url)(join(resolve(dirname(fileURLToPath(import.meta.url)), '../..'), 'dist/libs', name, 'src'));

const slot = Number(process.env.DXHUB_TEST_SLOT ?? '0');
const port = (base) => base + 100 * slot;

/** The bench hub's own environment: production-like defaults (rate limits on, info logs), no secrets needed. */
export function ownHubEnv(options) {
  const suffix = slot ? `_s${slot}` : '';
  return {
    NODE_ENV: 'development', // production would refuse the http:// webhook receiver on 127.0.0.1
    LOG_LEVEL: options.logLevel,
    // The processes as in production: the least-privilege role; the owner migrates (and the bench reads as it).
    DATABASE_URL: `postgres://dxhub_app@127.0.0.1:5432/dxhub_bench${suffix}`,
    DATABASE_OWNER_URL: `postgres://postgres@127.0.0.1:5432/dxhub_bench${suffix}`,
    REDIS_URL: `redis://127.0.0.1:6379/${options.redisDb}`,
    REDIS_PREFIX: `dxhub-bench${slot ? `-s${slot}` : ''}`,
    GATEWAY_PORT: String(port(16000)),
    CONSOLE_PORT: String(port(16001)),
    BROKER_HEALTH_PORT: String(port(16002)),
    FEDERAL_HUB_PORT: String(port(16050)),
    FEDERAL_HUB_URL: `http://127.0.0.1:${port(16050)}`,
    HUB_ADMIN_TOKEN: 'bench-admin-token-0123456789',
  };
}

async function recreateDatabase(url) {
  const admin = new pg.Client({ connectionString: Object.assign(new URL(url), { pathname: '/postgres' }).toString() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${new URL(url).pathname.slice(1)}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/**
 * `--without-chain`: the audit journal's events are still written and sealed, but not queued for the hash
 * chain (its trigger off), so the chainer has nothing to link: the chain's cost is the difference between a
 * run with it and one without.
 */
async function withoutJournalChain(ownerUrl, log) {
  const db = new pg.Client({ connectionString: ownerUrl });
  await db.connect();
  try {
    await db.query('ALTER TABLE audit_events DISABLE TRIGGER audit_queue_for_chain');
  } finally {
    await db.end();
  }
  log('the audit journal is written without its hash chain (--without-chain)');
}

/** Removes the bench hub's Redis keys (its queues, rate-limit windows, circuit states). */
async function clearRedisPrefix(redisUrl, prefix) {
  const redis = new Redis(redisUrl);
  try {
    for (const pattern of [`{${prefix}}*`, `${prefix}:*`]) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        cursor = next;
        if (keys.length) await redis.unlink(...keys);
      } while (cursor !== '0');
    }
  } finally {
    redis.disconnect();
  }
}

/** Starts the bench's own hub; `gateways`/`brokers` > 1 start replicas (gateway i listens on GATEWAY_PORT + 10 i). */
export async function startOwnHub(root, options, log) {
  const env = { ...process.env, ...ownHubEnv(options) };
  const logDir = join(root, 'test', 'artifacts', 'bench-logs');
  mkdirSync(logDir, { recursive: true });
  const { heapLimitArgs, replicaPort } = distLibrary('platform');
  const { assertPortFree, waitForHealthyUrl } = distLibrary('testing');
  const replicas = (variable, count) => Array.from({ length: count }, (_, i) => replicaPort(Number(env[variable]), i));
  const gatewayPorts = replicas('GATEWAY_PORT', options.gateways);
  const brokerPorts = replicas('BROKER_HEALTH_PORT', options.brokers);
  // Before the database is dropped: a bench already running on these ports would lose it mid-run.
  const ports = [[env.FEDERAL_HUB_PORT, 'federal-hub'], [env.CONSOLE_PORT, 'console'], ...gatewayPorts.map((p) => [p, 'gateway']), ...brokerPorts.map((p) => [p, 'broker'])];
  for (const [port, label] of ports) await assertPortFree(Number(port), label);
  log(`fresh database ${new URL(env.DATABASE_URL).pathname.slice(1)}, Redis prefix {${env.REDIS_PREFIX}}, logs in ${logDir}`);
  await recreateDatabase(env.DATABASE_OWNER_URL);
  execFileSync(process.execPath, [join(root, 'dist/apps/cli/src/dxhub.js'), 'db:setup'], { env, stdio: 'ignore' });
  if (options.withoutChain) await withoutJournalChain(env.DATABASE_OWNER_URL, log);
  await clearRedisPrefix(env.REDIS_URL, env.REDIS_PREFIX);

  const children = [];
  let stopping = false;
  const spawnApp = (app, name, extraEnv = {}) => {
    // Output straight to a file descriptor: the bench process spends no CPU copying logs.
    const logFile = join(logDir, `${name}.log`);
    const out = openSync(logFile, 'w');
    // The heap cap npm start gives every process (HEAP_LIMIT_MB), then the bench's own flags (profiles).
    const child = spawn(process.execPath, [...heapLimitArgs(process.env), ...options.nodeArgs(name), join(root, `dist/apps/${app}/src/main.js`)], {
      env: { ...env, ...extraEnv },
      stdio: ['ignore', out, out],
      cwd: logDir,
    });
    children.push({ name, child });
    reapOnExit(child);
    // Figures taken without one of the hub's processes would be wrong: stop and say where to look.
    child.once('exit', (code, signal) => {
      if (stopping) return;
      log(`${name} exited during the run (${signal ?? `code ${code}`}); its log: ${logFile}`);
      process.exit(1);
    });
    return child.pid;
  };
  const pids = { 'federal-hub': [spawnApp('federal-hub', 'federal-hub')], gateway: [], broker: [], console: [spawnApp('console', 'console')] };
  gatewayPorts.forEach((port, i) => pids.gateway.push(spawnApp('gateway', i ? `gateway-${i + 1}` : 'gateway', { GATEWAY_PORT: String(port) })));
  brokerPorts.forEach((port, i) => pids.broker.push(spawnApp('broker', i ? `broker-${i + 1}` : 'broker', { BROKER_HEALTH_PORT: String(port) })));
  const gatewayUrls = gatewayPorts.map((port) => `http://127.0.0.1:${port}`);
  const brokerHealth = brokerPorts.map((port) => `http://127.0.0.1:${port}/health`);
  const consoleUrl = `http://127.0.0.1:${env.CONSOLE_PORT}`;
  const federalHubUrl = env.FEDERAL_HUB_URL;
  await Promise.all([`${federalHubUrl}/health`, `${consoleUrl}/health`, ...gatewayUrls.map((u) => `${u}/health`), ...brokerHealth].map((u) => waitForHealthyUrl(u, 30_000)));

  return {
    own: true,
    gatewayUrls,
    consoleUrl,
    federalHubUrl,
    databaseUrl: env.DATABASE_OWNER_URL,
    adminToken: env.HUB_ADMIN_TOKEN,
    pids,
    /** SIGSTOP/SIGCONT the brokers: the gateway's accept path measured alone, the backlog drained afterwards. */
    pauseBrokers: () => pids.broker.forEach((pid) => process.kill(pid, 'SIGSTOP')),
    resumeBrokers: () => pids.broker.forEach((pid) => process.kill(pid, 'SIGCONT')),
    async stop() {
      stopping = true;
      this.resumeBrokers();
      await Promise.all(
        children.map(
          ({ child }) =>
            new Promise((resolve) => {
              if (child.exitCode !== null || child.signalCode !== null) return resolve();
              const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
              child.once('exit', () => {
                clearTimeout(timer);
                resolve();
              });
              child.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}

/** The pid listening on a local TCP port (same user only), or none. */
function pidOnPort(portNumber) {
  try {
    const line = execFileSync('ss', ['-ltnpH', `sport = :${portNumber}`], { encoding: 'utf8' });
    const match = /pid=(\d+)/.exec(line);
    return match ? [Number(match[1])] : [];
  } catch {
    return [];
  }
}

/** A hub that is already running (npm start): URLs from the environment, pids from the listening ports. */
export async function targetHub() {
  const gatewayUrl = process.env.GATEWAY_URL ?? 'http://127.0.0.1:3000';
  const consoleUrl = process.env.CONSOLE_URL ?? 'http://127.0.0.1:3001';
  const brokerUrl = process.env.BROKER_HEALTH_URL ?? 'http://127.0.0.1:3002';
  const federalHubUrl = process.env.FEDERAL_HUB_URL ?? 'http://127.0.0.1:4000';
  const portOf = (url) => Number(new URL(url).port);
  await Promise.all([gatewayUrl, consoleUrl, brokerUrl, federalHubUrl].map((u) => distLibrary('testing').waitForHealthyUrl(`${u}/health`, 5000)));
  return {
    own: false,
    gatewayUrls: gatewayUrl.split(','),
    consoleUrl,
    federalHubUrl,
    databaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/dxhub',
    adminToken: process.env.HUB_ADMIN_TOKEN ?? 'dev-admin-token',
    pids: {
      gateway: gatewayUrl.split(',').flatMap((u) => pidOnPort(portOf(u))),
      broker: pidOnPort(portOf(brokerUrl)),
      console: pidOnPort(portOf(consoleUrl)),
      'federal-hub': pidOnPort(portOf(federalHubUrl)),
    },
    pauseBrokers: null, // never stop processes the bench did not start
    resumeBrokers: null,
    async stop() {},
  };
}
