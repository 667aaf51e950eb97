import { z } from 'zod';
import { adminTokenEnv, coreEnv } from '@dxhub/hub-core';
import { loadConfig, ports, refuseInsecureDefaults } from '@dxhub/platform';

const schema = z.object({ ...coreEnv, ...adminTokenEnv, GATEWAY_PORT: ports.GATEWAY_PORT });

export type GatewayConfig = z.infer<typeof schema>;

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  return refuseInsecureDefaults(loadConfig(schema, env), ['HUB_ADMIN_TOKEN', 'PII_ENCRYPTION_KEY']);
}
