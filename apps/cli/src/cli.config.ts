import { z } from 'zod';
import { DEV_DEFAULTS, loadConfig, refuseInsecureDefaults, sharedEnv } from '@dxhub/platform';

const schema = z.object({
  NODE_ENV: sharedEnv.NODE_ENV,
  DATABASE_URL: sharedEnv.DATABASE_URL,
  PII_ENCRYPTION_KEY: z.string().default(DEV_DEFAULTS.PII_ENCRYPTION_KEY),
  PII_ENCRYPTION_KEYS_PREVIOUS: z.string().optional(),
  PII_BLIND_INDEX_KEY: z.string().optional(),
});

export type CliConfig = z.infer<typeof schema>;

export function loadCliConfig(): CliConfig {
  return refuseInsecureDefaults(loadConfig(schema), ['PII_ENCRYPTION_KEY']);
}
