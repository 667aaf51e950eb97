import { z } from 'zod';

/** Thrown when the environment does not satisfy an app's schema; the message lists every bad variable. */
export class ConfigError extends Error {}

/** Validates the environment once at start-up against one schema per app (ARCHITECTURE.md §12). */
export function loadConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`);
  throw new ConfigError(`invalid configuration - ${problems.join('; ')}`);
}
