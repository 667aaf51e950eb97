// Batch lines share the federal queues with interactive verifications, in a lower lane: their jobs carry a
// BullMQ priority (interactive jobs carry none, and BullMQ takes those first), and the broker's batch
// dispatcher keeps at most BATCH_QUEUE_HIGH_WATER of them waiting, so an interactive job never queues
// behind a whole batch and Redis never holds 100,000 jobs at once.

/** BullMQ priority of a batch line's job (1 is the highest of the prioritized; unprioritized jobs go first). */
export const BATCH_JOB_PRIORITY = 10;
