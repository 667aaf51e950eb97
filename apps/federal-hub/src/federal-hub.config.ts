import { Provider } from '@nestjs/common';
import { z } from 'zod';
import { loadConfig } from '@dxhub/platform';

export const DEV_CLIENT_ID = 'dxhub-dev';
export const DEV_CLIENT_SECRET = 'dxhub-dev-secret';

/** Injection token of the simulator's configuration (a `FederalHubConfig`). */
export const FEDERAL_HUB_CONFIG = Symbol('FEDERAL_HUB_CONFIG');

export interface FederalHubConfig {
  clientId: string;
  clientSecret: string;
  tokenTtlSeconds: number;
  /** How long `Slow` subjects and `timeoutRate` faults hang before answering. */
  slowMs: number;
  /** Bearer token of the /admin routes; only required (and only checked) in production. */
  adminToken: string | undefined;
  production: boolean;
  /** How long a RIDP session (the questions of an RF2 answer) can be answered; later: HE200041. */
  ridpSessionTtlMs: number;
  /** How long DHS takes to resolve a VLP step 2 (additional verification) case; 2-5 days in the real world. */
  vlpStep2DelayMs: number;
  /** How long DHS takes to resolve a VLP step 3 (third verification) case; 10-20 days in the real world. */
  vlpStep3DelayMs: number;
}

// An empty variable (as compose files often leave them) counts as unset.
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema);

const envSchema = z
  .object({
    FEDERAL_CLIENT_ID: optional(z.string().default(DEV_CLIENT_ID)),
    FEDERAL_CLIENT_SECRET: optional(z.string().default(DEV_CLIENT_SECRET)),
    FEDERAL_TOKEN_TTL_SECONDS: optional(z.coerce.number().int().positive().default(1800)),
    SIMULATOR_SLOW_MS: optional(z.coerce.number().int().nonnegative().default(30_000)),
    SIMULATOR_ADMIN_TOKEN: optional(z.string().optional()),
    NODE_ENV: optional(z.string().default('development')),
    SIMULATOR_RIDP_SESSION_TTL_MS: optional(z.coerce.number().int().positive().default(15 * 60_000)),
    SIMULATOR_VLP_STEP2_DELAY_MS: optional(z.coerce.number().int().nonnegative().default(3000)),
    SIMULATOR_VLP_STEP3_DELAY_MS: optional(z.coerce.number().int().nonnegative().default(5000)),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV !== 'production') return;
    if (env.FEDERAL_CLIENT_SECRET === DEV_CLIENT_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['FEDERAL_CLIENT_SECRET'], message: 'must be set to a non-default secret in production' });
    }
    if (!env.SIMULATOR_ADMIN_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['SIMULATOR_ADMIN_TOKEN'], message: 'is required in production' });
    }
  });

/** Parses the environment once; throws one readable error listing every bad variable. */
export function loadFederalHubConfig(env: NodeJS.ProcessEnv = process.env): FederalHubConfig {
  const e = loadConfig(envSchema, env);
  return {
    clientId: e.FEDERAL_CLIENT_ID,
    clientSecret: e.FEDERAL_CLIENT_SECRET,
    tokenTtlSeconds: e.FEDERAL_TOKEN_TTL_SECONDS,
    slowMs: e.SIMULATOR_SLOW_MS,
    adminToken: e.SIMULATOR_ADMIN_TOKEN,
    production: e.NODE_ENV === 'production',
    ridpSessionTtlMs: e.SIMULATOR_RIDP_SESSION_TTL_MS,
    vlpStep2DelayMs: e.SIMULATOR_VLP_STEP2_DELAY_MS,
    vlpStep3DelayMs: e.SIMULATOR_VLP_STEP3_DELAY_MS,
  };
}

export const federalHubConfigProvider: Provider = {
  provide: FEDERAL_HUB_CONFIG,
  useFactory: () => loadFederalHubConfig(process.env),
};
