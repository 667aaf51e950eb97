/** One dependency a process needs; `check` rejects with a short reason when it is not fine. */
export interface HealthCheck {
  name: string;
  check(): Promise<void>;
}

export const HEALTH_CHECKS = Symbol('HEALTH_CHECKS');

const CHECK_TIMEOUT_MS = 2000;

export interface HealthReport {
  status: 'ok' | 'error';
  checks: Record<string, 'up' | string>;
}

export async function runHealthChecks(checks: HealthCheck[]): Promise<HealthReport> {
  const results = await Promise.all(
    checks.map(async ({ name, check }) => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer in ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      });
      try {
        await Promise.race([check(), timeout]);
        return [name, 'up'] as const;
      } catch (error) {
        const e = error as { code?: string; message?: string };
        return [name, `down: ${e.code ?? e.message ?? 'unknown'}`] as const;
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  const report = Object.fromEntries(results);
  return { status: results.every(([, state]) => state === 'up') ? 'ok' : 'error', checks: report };
}
