import pino from 'pino';

/** How long a log line may wait in the buffer: a quiet process's lines still show within this. */
const FLUSH_EVERY_MS = 250;

/**
 * Standard output, written in chunks of at least 4 KB (or every 250 ms) off the event loop, instead of one
 * blocking write per line: under load each verification logs a line in three processes, and those writes were
 * a tenth of a millisecond each of the request's path. What is buffered is written out when the process exits.
 */
export function logDestination(): pino.DestinationStream {
  const destination = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  setInterval(() => destination.flush(), FLUSH_EVERY_MS).unref();
  process.once('exit', () => {
    try {
      destination.flushSync();
    } catch {
      // An asynchronous write was still in flight at exit: nothing more can be done synchronously.
    }
  });
  return destination;
}
