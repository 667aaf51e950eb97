import { z } from 'zod';
import { DEV_DEFAULTS, sharedEnv } from '@dxhub/platform';

/** The environment every hub process reads (each app's schema adds its own port and settings). */
export const coreEnv = {
  ...sharedEnv,
  PII_ENCRYPTION_KEY: z.string().default(DEV_DEFAULTS.PII_ENCRYPTION_KEY),
  // Older keys, comma-separated: still read (never written) while `dxhub keys rotate` re-encrypts under the current one.
  PII_ENCRYPTION_KEYS_PREVIOUS: z.string().optional(),
  PII_BLIND_INDEX_KEY: z.string().optional(),
  // Every writer of the audit journal seals its events with this key (32 bytes, base64); verifiers need it too.
  AUDIT_SEAL_KEY: z.string().default(DEV_DEFAULTS.AUDIT_SEAL_KEY),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
};

/** For the processes that authenticate callers (gateway, console): the bootstrap admin token and the rate limit. */
export const adminTokenEnv = {
  HUB_ADMIN_TOKEN: z.string().min(16).default(DEV_DEFAULTS.HUB_ADMIN_TOKEN),
  // Requests per credential per minute, shared by every instance through Redis; 0 turns limiting off.
  // 1,000 requests a second per key: stops a runaway client without throttling an exchange's bulk work.
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(60_000),
};

const coreSchema = z.object(coreEnv);
export type CoreEnv = z.infer<typeof coreSchema>;

/**
 * For the processes on the message-broker channel (the gateway consumes requests, the broker publishes
 * results): RabbitMQ's URL, or "off" to run without the channel.
 */
export const amqpEnv = {
  AMQP_URL: z
    .string()
    .default(DEV_DEFAULTS.AMQP_URL)
    .refine((value) => value === 'off' || /^amqps?:\/\/[^\s]+$/.test(value), 'must be an amqp:// or amqps:// URL, or "off"'),
  // Requests the gateway works on at once (RabbitMQ's prefetch): each is a database round trip or two.
  AMQP_PREFETCH: z.coerce.number().int().min(1).max(1000).default(50),
};
