// Command-line options of `npm run bench` (README "Benchmark" lists them).
import { join } from 'node:path';

const HELP = `npm run bench -- [options]
  --target                 drive a running hub (GATEWAY_URL, CONSOLE_URL, BROKER_HEALTH_URL, FEDERAL_HUB_URL,
                           DATABASE_URL, HUB_ADMIN_TOKEN; defaults: npm start's) instead of starting one
  --count N                closed loop: verifications (default 10000)
  --concurrency C          closed loop: concurrent clients (default 64)
  --accept-count N         gateway accept path alone, broker paused, and bare Fastify's beside it (default: --count)
  --accept-concurrency C   (default 100)
  --rate R                 open loop: offered verifications/s (default: half the closed loop's completed/s)
  --open-seconds S         open loop length (default 30)
  --duration 10m           soak: open loop at --rate (or half the maximum) for this long, RSS sampled over time
  --sample-every 30s       soak sampling interval
  --baseline-count N       ideal pipeline messages, each of its two full-speed runs (default: --count); --baseline-concurrency C
                           (default 50); after the open loop it runs paced at half its rate, then at the open
                           loop's rate, each for --open-seconds
  --exchanges E            exchanges (tenants) submitting, each with its own key and webhook (default 10)
  --gateways G --brokers B replicas started by the bench (default 1 gateway and 1 broker, as npm start runs them)
  --log-level L            LOG_LEVEL of the bench's hub (default info, the hub's default)
  --redis-db D             Redis db of the bench's hub (default 0; its keys are under {dxhub-bench})
  --skip a,b               phases to skip: baseline, accept (with its bare Fastify baseline), closed, open
  --profile gateway,broker write V8 CPU profiles (node --cpu-prof) to test/artifacts/bench-profiles
  --without-chain          the audit journal without its hash chain (the chain's cost: compare with a run with it)
  --without-keys           requests without an Idempotency-Key (by default each carries its own, as a client
                           that retries safely sends)
  --warmup N               verifications sent before measuring (default 1000)`;

function duration(text) {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(String(text));
  if (!match) throw new Error(`not a duration: ${text} (e.g. 30s, 10m)`);
  return Number(match[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] ?? 's'];
}

export function parseOptions(argv, root) {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(HELP);
    process.exit(0);
  }
  const value = (name) => {
    const index = argv.indexOf(`--${name}`);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const number = (name, fallback) => {
    const text = value(name);
    if (text === undefined) return fallback;
    const parsed = Number(text);
    if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`--${name} must be a positive number, not ${text}`);
    return parsed;
  };
  const count = number('count', 10_000);
  const profiled = (value('profile') ?? '').split(',').filter(Boolean);
  const profileDir = join(root, 'test', 'artifacts', 'bench-profiles');
  return {
    target: argv.includes('--target'),
    count,
    concurrency: number('concurrency', 64),
    acceptCount: number('accept-count', count),
    acceptConcurrency: number('accept-concurrency', 100),
    rate: value('rate') ? number('rate') : null,
    openMs: number('open-seconds', 30) * 1000,
    soakMs: value('duration') ? duration(value('duration')) : null,
    sampleEveryMs: value('sample-every') ? duration(value('sample-every')) : 30_000,
    baselineCount: number('baseline-count', count),
    baselineConcurrency: number('baseline-concurrency', 50),
    exchanges: number('exchanges', 10),
    gateways: number('gateways', 1),
    brokers: number('brokers', 1),
    logLevel: value('log-level') ?? 'info',
    redisDb: Number(value('redis-db') ?? 0),
    skip: new Set((value('skip') ?? '').split(',').filter(Boolean)),
    withoutChain: argv.includes('--without-chain'),
    idempotencyKeys: !argv.includes('--without-keys'),
    warmup: Number(value('warmup') ?? 1000),
    profileDir,
    nodeArgs: (name) => (profiled.some((p) => name.startsWith(p)) ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []),
  };
}
