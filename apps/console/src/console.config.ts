import { z } from 'zod';
import { adminTokenEnv, coreEnv } from '@dxhub/hub-core';
import { loadConfig, ports, refuseInsecureDefaults } from '@dxhub/platform';

const schema = z.object({
  ...coreEnv,
  ...adminTokenEnv,
  CONSOLE_PORT: ports.CONSOLE_PORT,
  DATABASE_POOL_SIZE: coreEnv.DATABASE_POOL_SIZE.removeDefault().default(5),
});

export type ConsoleConfig = z.infer<typeof schema>;

export function loadConsoleConfig(env: NodeJS.ProcessEnv = process.env): ConsoleConfig {
  return refuseInsecureDefaults(loadConfig(schema, env), ['HUB_ADMIN_TOKEN', 'PII_ENCRYPTION_KEY', 'AUDIT_SEAL_KEY']);
}
