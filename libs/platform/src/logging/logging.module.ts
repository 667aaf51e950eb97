import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import pino from 'pino';
import { scrubPii } from './pii-scrubber';

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

/** Structured JSON logs; each HTTP request's lines carry its correlation id (`reqId` = X-Request-Id). */
@Module({})
export class LoggingModule {
  static forRoot(options: LoggingOptions): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            ...pinoOptions(options.processName, options.level),
            autoLogging: options.httpAutoLogging ?? true,
            // Fastify has already chosen the id from X-Request-Id (see http-app.ts); reuse it.
            genReqId: (req: IncomingMessage & { id?: string }) => req.id ?? '',
            customProps: (req: IncomingMessage & { id?: string }) => ({ correlationId: req.id }),
            serializers: {
              req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url?.split('?')[0] }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
          },
        }),
      ],
      exports: [LoggerModule],
    };
  }
}
