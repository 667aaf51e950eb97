import type { FastifyReply, FastifyRequest } from 'fastify';
import { PinoLogger } from 'nestjs-pino';
import { scrubString } from './pii-scrubber';

/** Whether a process logs a line per HTTP request (LoggingOptions.httpAutoLogging). */
export const REQUEST_LOGGING = Symbol('REQUEST_LOGGING');

const QUIET_PATHS = new Set(['/health', '/metrics']);

/**
 * One line per HTTP request once its response is sent: method, path (query dropped, SSN-shaped text masked),
 * the correlation id (X-Request-Id), status and time, from Fastify's onResponse hook (http-app.ts).
 *
 * Why not pino-http through Nest's middleware, as before: two child loggers and an AsyncLocalStorage context
 * per request cost 30-40 % of the gateway's CPU on the accept path (0.44-0.48 against 0.26-0.31 ms a request),
 * and no code inside an HTTP request logs but its errors, which name the correlation id themselves
 * (problem.filter.ts). AMQP requests keep a context (PinoLogger.runInContext); queue jobs name their ids on
 * their lines (FederalWorkers).
 */
export function logRequest(request: FastifyRequest, reply: FastifyReply): void {
  const path = request.url.split('?')[0];
  if (QUIET_PATHS.has(path)) return;
  const line = {
    req: { method: request.method, url: scrubString(path) },
    correlationId: request.id,
    res: { statusCode: reply.statusCode },
    responseTime: Math.round(reply.elapsedTime),
  };
  if (reply.statusCode >= 500) PinoLogger.root.error(line, 'request errored');
  else PinoLogger.root.info(line, 'request completed');
}
