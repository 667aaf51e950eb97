// Batch lines share the federal queues with interactive verifications, in a lower lane: they travel in chunk
// jobs of up to BATCH_CHUNK_LINES lines of one source, which carry a BullMQ priority (interactive jobs carry
// none, and BullMQ takes those first), and the broker's batch dispatcher keeps only a bounded number of chunks
// in the queues (BATCH_IN_FLIGHT), so an interactive job never queues behind a whole batch and always finds a
// free worker. One chunk is one job: its lines' loads, starts and ends go out together (one statement each)
// and its federal calls run side by side, instead of a job's round trips per line.

/** BullMQ priority of a batch chunk's job (any priority ranks after jobs without one). */
export const BATCH_JOB_PRIORITY = 10;

/** Lines per chunk job: chunk n holds lines n*BATCH_CHUNK_LINES+1 .. (n+1)*BATCH_CHUNK_LINES (fixed, so job ids are). */
export const BATCH_CHUNK_LINES = 25;

/** Which chunk a batch line (1-based) travels in. */
export function batchChunkOf(line: number): number {
  return Math.floor((line - 1) / BATCH_CHUNK_LINES);
}
