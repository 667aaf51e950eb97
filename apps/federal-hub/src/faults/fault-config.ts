import { z } from 'zod';

/** The federal trusted data sources a fault can target; `*` applies to every source. */
export const FAULT_SOURCES = ['ssa', 'dhs', 'irs', 'equifax', 'opm', 'cms-mec', 'experian'] as const;
export type FaultSource = (typeof FAULT_SOURCES)[number];
export const FAULT_TARGETS = [...FAULT_SOURCES, '*'] as const;
export type FaultTarget = (typeof FAULT_TARGETS)[number];

const probability = z.number().min(0).max(1);

export const faultConfigSchema = z.strictObject({
  errorRate: probability.optional(),
  timeoutRate: probability.optional(),
  latencyMs: z
    .strictObject({ p50: z.number().min(0).max(600_000), p99: z.number().min(0).max(600_000) })
    .refine((latency) => latency.p99 >= latency.p50, { path: ['p99'], message: 'must be at least p50' })
    .optional(),
  outage: z.boolean().optional(),
  // Only asynchronous answers (later services: VLP steps 2 and 3) can be delivered twice; until then it is stored and returned.
  duplicateRate: probability.optional(),
  rateLimitPerSecond: z.number().positive().max(1_000_000).optional(),
});

export type FaultConfig = z.infer<typeof faultConfigSchema>;

/** Body of `PUT /admin/faults`: any subset of the targets, each replacing that target's config. */
export const faultMapSchema = z.strictObject(
  Object.fromEntries(FAULT_TARGETS.map((target) => [target, faultConfigSchema.optional()])) as Record<FaultTarget, z.ZodOptional<typeof faultConfigSchema>>,
);

export type FaultMap = Record<FaultTarget, FaultConfig>;
