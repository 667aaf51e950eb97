import { z } from 'zod';
import { coreEnv } from '@dxhub/hub-core';
import { DEV_DEFAULTS, loadConfig, ports, refuseInsecureDefaults } from '@dxhub/platform';

const schema = z.object({
  ...coreEnv,
  BROKER_HEALTH_PORT: ports.BROKER_HEALTH_PORT,
  FEDERAL_HUB_URL: z.string().url().default('http://127.0.0.1:4000'),
  FEDERAL_CLIENT_ID: z.string().min(1).default(DEV_DEFAULTS.FEDERAL_CLIENT_ID),
  FEDERAL_CLIENT_SECRET: z.string().min(1).default(DEV_DEFAULTS.FEDERAL_CLIENT_SECRET),
  FEDERAL_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(10_000),
  /** First wait before polling an asynchronous service (VLP steps 2 and 3) for its result. */
  FEDERAL_POLL_INTERVAL_MS: z.coerce.number().int().min(100).max(86_400_000).default(2000),
  /** Jobs in flight per federal queue in this process. */
  FEDERAL_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(50),
});

export type BrokerConfig = z.infer<typeof schema>;

export function loadBrokerConfig(env: NodeJS.ProcessEnv = process.env): BrokerConfig {
  return refuseInsecureDefaults(loadConfig(schema, env), ['PII_ENCRYPTION_KEY', 'FEDERAL_CLIENT_SECRET']);
}
