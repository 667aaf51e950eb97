// Batch lines share the federal queues with interactive verifications, in a lower lane: their jobs carry a
// BullMQ priority (interactive jobs carry none, and BullMQ takes those first), and the broker's batch
// dispatcher keeps only a bounded number of them in the queues (BATCH_IN_FLIGHT), so an interactive job never
// queues behind a whole batch and always finds a free worker.

/** BullMQ priority of a batch line's job (any priority ranks after jobs without one). */
export const BATCH_JOB_PRIORITY = 10;
