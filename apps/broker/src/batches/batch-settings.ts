/** How the broker works batches (from BrokerConfig; a plain value so tests can build one). */
export interface BatchSettings {
  /**
   * Batch chunk jobs in the federal queues at most, waiting or active (counted generously: every active job
   * counts). Well below the workers' concurrency, so interactive jobs always find a free worker and share the
   * broker's event loop with a bounded number of batch lines (inFlight x BATCH_CHUNK_LINES).
   */
  inFlight: number;
  /** How often the dispatcher tops the lane up while a batch has lines to dispatch (idle: every 500 ms). */
  dispatchEveryMs: number;
  /** How often finished batches are looked for (batch.completed). */
  sweepEveryMs: number;
}

export const BATCH_SETTINGS = Symbol('BATCH_SETTINGS');
