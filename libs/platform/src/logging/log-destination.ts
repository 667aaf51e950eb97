import pino from 'pino';

/**
 * Standard output, written in chunks of at least 4 KB, or every 250 ms so that a quiet process's lines still
 * show, off the event loop, instead of one blocking write per line: under load each verification logs a line in
 * three processes, and those writes were a tenth of a millisecond each of the request's path. pino writes what
 * is buffered synchronously when the process exits, and stops logging quietly if stdout's reader goes (EPIPE).
 */
export function logDestination(): pino.DestinationStream {
  return pino.destination({ dest: 1, sync: false, minLength: 4096, periodicFlush: 250 });
}
