import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import pino from 'pino';
import { logDestination } from './log-destination';
import { scrubPii } from './pii-scrubber';
import { REQUEST_LOGGING } from './request-log';

export interface LoggingOptions {
  processName: string;
  level: string;
  /** A line per HTTP request (request-log.ts): on for the APIs, off for the broker's health port. */
  httpAutoLogging?: boolean;
}

export function pinoOptions(processName: string, level: string): pino.LoggerOptions {
  return {
    level,
    base: { process: processName },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Every argument of every line is scrubbed here, once: objects, messages and errors alike.
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((arg) => scrubPii(arg)) as Parameters<typeof method>);
      },
    },
  };
}

/**
 * Structured JSON logs through nestjs-pino's Logger. Requests are logged by request-log.ts, one line each with
 * its correlation id; nestjs-pino's own per-request middleware is not used (`forRoutes: []`, see there why).
 */
@Module({})
export class LoggingModule {
  static forRoot(options: LoggingOptions): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          // pino-http (which builds nestjs-pino's root logger) would wrap `req`/`res` in its serializers for Node's
          // request and response objects; request-log.ts writes them already reduced.
          pinoHttp: [{ ...pinoOptions(options.processName, options.level), wrapSerializers: false }, logDestination()],
          forRoutes: [],
        }),
      ],
      providers: [{ provide: REQUEST_LOGGING, useValue: options.httpAutoLogging ?? true }],
      exports: [LoggerModule, REQUEST_LOGGING],
    };
  }
}
