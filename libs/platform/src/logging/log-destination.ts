import pino from 'pino';

/** How long a log line may wait in the buffer: a quiet process's lines still show within this. */
const FLUSH_EVERY_MS = 250;

/**
 * Standard output, written in chunks of at least 4 KB (or every 250 ms) off the event loop, instead of one
 * blocking write per line: under load each verification logs a line in three processes, and those writes were
 * a tenth of a millisecond each of the request's path. pino writes what is buffered synchronously when the
 * process exits, and stops logging quietly if stdout's reader goes away (EPIPE).
 */
export function logDestination(): pino.DestinationStream {
  const destination = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  setInterval(() => destination.flush(), FLUSH_EVERY_MS).unref();
  return destination;
}
