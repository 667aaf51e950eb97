import { z } from 'zod';
import { adminTokenEnv, amqpEnv, coreEnv } from '@dxhub/hub-core';
import { loadConfig, ports, refuseInsecureDefaults } from '@dxhub/platform';

const TLS_VARIABLES = ['TLS_CERT', 'TLS_KEY', 'TLS_CA'] as const;
// Paths to PEM files; an empty variable counts as unset.
const pemPath = z.preprocess((value) => (value === '' ? undefined : value), z.string().optional());

const schema = z
  .object({ ...coreEnv, ...adminTokenEnv, ...amqpEnv, GATEWAY_PORT: ports.GATEWAY_PORT, TLS_CERT: pemPath, TLS_KEY: pemPath, TLS_CA: pemPath })
  .superRefine((env, context) => {
    // Half a TLS setup would either serve plain HTTP by surprise or accept clients no CA vouches for.
    const missing = TLS_VARIABLES.filter((name) => !env[name]);
    if (missing.length > 0 && missing.length < TLS_VARIABLES.length) {
      context.addIssue({ code: 'custom', path: [], message: `TLS_CERT, TLS_KEY and TLS_CA go together (mutual TLS): set all three or none; missing ${missing.join(', ')}` });
    }
  });

export type GatewayConfig = z.infer<typeof schema>;

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  return refuseInsecureDefaults(loadConfig(schema, env), ['HUB_ADMIN_TOKEN', 'PII_ENCRYPTION_KEY', 'AUDIT_SEAL_KEY', 'AMQP_URL']);
}
