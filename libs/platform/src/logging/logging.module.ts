import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import pino from 'pino';
import { logDestination } from './log-destination';
import { isSensitiveKey, REDACTED, scrubPii, scrubString } from './pii-scrubber';

const QUIET_PATHS = new Set(['/health', '/metrics']);

export interface LoggingOptions {
  processName: string;
  level: string;
  /** Request logging is off for the broker's health port, on for the APIs. */
  httpAutoLogging?: boolean;
}

export function pinoOptions(processName: string, level: string): pino.LoggerOptions {
  return {
    level,
    base: { process: processName },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { log: (object) => scrubPii(object) as Record<string, unknown> },
    hooks: {
      // Scrub the message arguments too, not only the merged object.
      logMethod(args, method) {
        method.apply(this, args.map((arg) => scrubPii(arg)) as Parameters<typeof method>);
      },
    },
  };
}

// pino-http hands the raw Node request and response to the log formatter, before the serializers below reduce
// them to method, path and status. Walking a ServerResponse (its socket, parser, request...) in the scrubber cost
// the gateway about a tenth of its CPU per request, so these two keys skip it: what reaches the line is only the
// serializers' output, and its one free-text field, the path, is scrubbed there.
const SERIALIZED_KEYS = new Set(['req', 'res']);

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype;

function scrubHttpLogObject(object: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    out[key] = SERIALIZED_KEYS.has(key) ? value : isSensitiveKey(key) ? REDACTED : scrubPii(value, 1);
  }
  return out;
}

/** Structured JSON logs; each HTTP request's lines carry its correlation id (`reqId` = X-Request-Id). */
@Module({})
export class LoggingModule {
  static forRoot(options: LoggingOptions): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: [
            {
              ...pinoOptions(options.processName, options.level),
              formatters: { log: scrubHttpLogObject },
              hooks: {
                logMethod(args, method) {
                  const scrubbed = args.map((arg) => (isPlainObject(arg) ? scrubHttpLogObject(arg) : scrubPii(arg)));
                  method.apply(this, scrubbed as Parameters<typeof method>);
                },
              },
              // Probes and scrapes would drown the log; everything else is logged once, when answered.
              autoLogging: (options.httpAutoLogging ?? true) && { ignore: (req: IncomingMessage) => QUIET_PATHS.has(req.url?.split('?')[0] ?? '') },
              // Fastify has already chosen the id and written it back to X-Request-Id (see http-app.ts).
              genReqId: (req: IncomingMessage) => String(req.headers['x-request-id']),
              customProps: (req: IncomingMessage) => ({ correlationId: req.headers['x-request-id'] }),
              serializers: {
                req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url && scrubString(req.url.split('?')[0]) }),
                res: (res: { statusCode: number | null; raw?: { statusCode: number } }) => ({ statusCode: res.raw?.statusCode ?? res.statusCode }),
              },
            },
            logDestination(),
          ],
          // nestjs-pino's default route pattern matches nothing under Nest 12 on Fastify: name it explicitly.
          forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
        }),
      ],
      exports: [LoggerModule],
    };
  }
}
