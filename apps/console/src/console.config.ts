import { z } from 'zod';
import { DEV_DEFAULTS, loadConfig, ports, refuseInsecureDefaults, sharedEnv } from '@dxhub/platform';

const schema = z.object({
  ...sharedEnv,
  CONSOLE_PORT: ports.CONSOLE_PORT,
  HUB_ADMIN_TOKEN: z.string().min(16).default(DEV_DEFAULTS.HUB_ADMIN_TOKEN),
  PII_ENCRYPTION_KEY: z.string().default(DEV_DEFAULTS.PII_ENCRYPTION_KEY),
  PII_BLIND_INDEX_KEY: z.string().optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(5),
});

export type ConsoleConfig = z.infer<typeof schema>;

export function loadConsoleConfig(env: NodeJS.ProcessEnv = process.env): ConsoleConfig {
  return refuseInsecureDefaults(loadConfig(schema, env), ['HUB_ADMIN_TOKEN', 'PII_ENCRYPTION_KEY']);
}
