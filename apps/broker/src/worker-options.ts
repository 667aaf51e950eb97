/** How many jobs the broker works at once per federal queue, and as many webhook deliveries (FEDERAL_CONCURRENCY). */
export const WORKER_OPTIONS = Symbol('WORKER_OPTIONS');
export interface WorkerOptions {
  concurrency: number;
}
