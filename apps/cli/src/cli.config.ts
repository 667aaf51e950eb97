import { z } from 'zod';
import { amqpEnv } from '@dxhub/hub-core';
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
  AMQP_URL: amqpEnv.AMQP_URL,
  // RabbitMQ's management API (rabbitmq_management plugin), with an administrator's credentials: `amqp grant` creates users.
  AMQP_MANAGEMENT_URL: z.string().url().default('http://guest:guest@127.0.0.1:15672'),
});

export type CliConfig = z.infer<typeof schema>;

export function loadCliConfig(): CliConfig {
  return refuseInsecureDefaults(loadConfig(schema), ['PII_ENCRYPTION_KEY', 'AUDIT_SEAL_KEY', 'AUDIT_CHECKPOINT_PUBLIC_KEY']);
}
