import { z } from 'zod';
import { adminTokenEnv, coreEnv } from '@dxhub/hub-core';
import { DEV_DEFAULTS, loadConfig, ports, refuseInsecureDefaults } from '@dxhub/platform';

const schema = z.object({
  ...coreEnv,
  ...adminTokenEnv,
  CONSOLE_PORT: ports.CONSOLE_PORT,
  DATABASE_POOL_SIZE: coreEnv.DATABASE_POOL_SIZE.removeDefault().default(5),
  /** The Ed25519 public key (32 bytes, base64) the journal's checkpoints must be signed by (the broker holds the private half). */
  AUDIT_CHECKPOINT_PUBLIC_KEY: z.string().default(DEV_DEFAULTS.AUDIT_CHECKPOINT_PUBLIC_KEY),
  // A web UI session ends after this long without a request (MARS-E AC-12: terminate idle sessions).
  CONSOLE_SESSION_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(1800),
});

export type ConsoleConfig = z.infer<typeof schema>;

export function loadConsoleConfig(env: NodeJS.ProcessEnv = process.env): ConsoleConfig {
  return refuseInsecureDefaults(loadConfig(schema, env), ['HUB_ADMIN_TOKEN', 'PII_ENCRYPTION_KEY', 'AUDIT_SEAL_KEY', 'AUDIT_CHECKPOINT_PUBLIC_KEY']);
}
