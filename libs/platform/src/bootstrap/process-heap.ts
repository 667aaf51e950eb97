/**
 * The V8 heap cap every hub process is started with (`npm start`, the bench): `HEAP_LIMIT_MB` (160 MB of old
 * space by default). Without a cap V8 grows the heap lazily and a busy broker's resident memory swung between
 * 190 and 325 MB in a 10-minute soak; capped at 128 MB the closed loop ran as fast (449/s against 455/s) and no
 * process passed 180 MB (docs/scaling.md). NODE_OPTIONS with its own --max-old-space-size wins.
 */
export const DEFAULT_HEAP_LIMIT_MB = 160;

/** Node flags for a hub child process, from the launcher's environment. */
export function heapLimitArgs(env: NodeJS.ProcessEnv = process.env): string[] {
  if (env.NODE_OPTIONS?.includes('--max-old-space-size')) return [];
  const limit = Number(env.HEAP_LIMIT_MB ?? DEFAULT_HEAP_LIMIT_MB);
  if (!Number.isInteger(limit) || limit < 64) throw new Error(`HEAP_LIMIT_MB must be a whole number of megabytes, at least 64 (got ${env.HEAP_LIMIT_MB})`);
  return [`--max-old-space-size=${limit}`];
}
