import { z } from 'zod';
import { DEV_DEFAULTS, loadConfig, refuseInsecureDefaults, sharedEnv } from '@dxhub/platform';

const schema = z.object({
  NODE_ENV: sharedEnv.NODE_ENV,
  DATABASE_URL: sharedEnv.DATABASE_URL,
  DATABASE_OWNER_URL: z.string().url().optional(),
  AUDIT_SEAL_KEY: z.string().default(DEV_DEFAULTS.AUDIT_SEAL_KEY),
  AUDIT_CHECKPOINT_PUBLIC_KEY: z.string().default(DEV_DEFAULTS.AUDIT_CHECKPOINT_PUBLIC_KEY),
  PII_ENCRYPTION_KEY: z.string().default(DEV_DEFAULTS.PII_ENCRYPTION_KEY),
  PII_ENCRYPTION_KEYS_PREVIOUS: z.string().optional(),
  PII_BLIND_INDEX_KEY: z.string().optional(),
});

export type CliConfig = z.infer<typeof schema>;

export function loadCliConfig(): CliConfig {
  return refuseInsecureDefaults(loadConfig(schema), ['PII_ENCRYPTION_KEY', 'AUDIT_SEAL_KEY', 'AUDIT_CHECKPOINT_PUBLIC_KEY']);
}
