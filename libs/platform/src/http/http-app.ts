import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { DynamicModule, INestApplication, Logger as NestLogger, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { exitWithMessage } from '../bootstrap/fatal';
import { correlationIdFrom } from '../logging/correlation';
import { logRequest, REQUEST_LOGGING } from '../logging/request-log';
import { MetricsService } from '../metrics/metrics.service';
import { PROBLEM_CONTENT_TYPE, Problems } from './problem';
import { ProblemFilter, sendProblem } from './problem.filter';
import { securityHeaders } from './security-headers';

export const JSON_BODY_LIMIT_BYTES = 1024 * 1024;
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** A route whose body is not JSON but a stream its handler reads itself (request.body is the stream). */
export interface StreamedBody {
  method: 'POST' | 'PUT';
  path: string;
  contentType: string;
  limitBytes: number;
  /** How the limit reads in a 413, e.g. "100 MB". */
  limitText: string;
}

/** PEM contents (not paths) for serving HTTPS that requires a client certificate signed by `ca`. */
export interface MutualTlsOptions {
  cert: Buffer;
  key: Buffer;
  ca: Buffer;
}

export interface HttpAppOptions {
  processName: string;
  module: Type<unknown> | DynamicModule;
  port: number;
  host: string;
  /** OpenAPI description generated from the controllers, served at /docs (JSON at /docs-json). */
  openApi?: { title: string; description: string; bearerAuth: boolean };
  /** Paths whose bodies must be JSON (the hub's APIs); others keep Fastify's parsers (the simulator's OAuth form). */
  jsonOnlyPrefix?: string;
  /** The hub's APIs answer errors as problem+json; the federal-hub simulator speaks the Hub's own dialect. */
  problemJson?: boolean;
  /** Serve HTTPS only, refusing at the TLS handshake any client without a certificate the CA signed. */
  mutualTls?: MutualTlsOptions;
  /** Routes that take a streamed body of their own content type (e.g. NDJSON batches), exempt from the JSON rules. */
  streamedBodies?: StreamedBody[];
  /** More to mount on the Fastify instance before the app starts (the console's web UI and /queues). */
  configure?: (app: NestFastifyApplication) => Promise<void>;
}

function mediaTypeIs(header: string | undefined, type: string): boolean {
  return new RegExp(`^${type.replace(/[.+/]/g, '\\$&')}\\s*(;|$)`, 'i').test(header ?? '');
}

function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable) return;
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const body = JSON.stringify({ type: '/problems/bad-request', title: STATUS_CODES[status], status, detail: 'The request could not be read.' });
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

/** Builds a Nest app on Fastify with the conventions every hub API shares. */
export async function createHttpApp(options: HttpAppOptions): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: JSON_BODY_LIMIT_BYTES,
    // The chosen id is written back on the raw request, where code below Fastify (Nest) finds it too.
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) =>
      (req.headers['x-request-id'] = correlationIdFrom(req.headers['x-request-id'])),
    requestIdHeader: false,
    // Prototype pollution: refuse __proto__ and constructor.prototype keys in JSON bodies outright.
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // Errors Node's HTTP parser raises before any route runs (a header block over 16 KiB, a malformed
    // request line) are answered as problem+json too, not Fastify's own JSON.
    clientErrorHandler: answerClientError,
    // The router's own errors (a path parameter over 100 characters, a malformed %-escape) reach no Nest filter.
    ...(options.problemJson !== false && { frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => sendProblem(request, reply, error, new NestLogger('HttpApp')) }),
    ...(options.mutualTls && { https: { ...options.mutualTls, requestCert: true, rejectUnauthorized: true } }),
  });
  const app = await NestFactory.create<NestFastifyApplication>(options.module as Type<unknown>, adapter, {
    bufferLogs: true,
    // Start-up errors reach runProcess, which reports them, instead of Nest aborting the process.
    abortOnError: false,
    // request.rawBody: the exact bytes received, for the audit digest.
    rawBody: true,
  });
  app.useLogger(app.get(Logger));
  // Nest maps Fastify's own errors (body parsing, limits) to HttpExceptions, so this filter sees them all.
  if (options.problemJson !== false) app.useGlobalFilters(new ProblemFilter());
  app.enableShutdownHooks();

  const fastify = app.getHttpAdapter().getInstance();
  const streamed = options.streamedBodies ?? [];
  // The body reaches the handler as the raw stream: no buffering, no parser limit; the handler counts its bytes.
  for (const type of new Set(streamed.map((s) => s.contentType))) {
    fastify.addContentTypeParser(type, (_request: FastifyRequest, payload: unknown, done: (error: Error | null, body?: unknown) => void) => done(null, payload));
  }
  // On the raw response, as helmet sets them: streams that write their own head (SSE) carry them too.
  const security = Object.entries(securityHeaders());
  fastify.addHook('onRequest', async (request, reply) => {
    for (const [name, value] of security) reply.raw.setHeader(name, value);
    void reply.header('x-request-id', request.id);
    // PostgreSQL text cannot hold NUL: an id or filter carrying %00 is refused here, not a 500 from the query.
    if (/%00/.test(request.url)) throw Problems.validation([{ field: 'url', message: 'must not contain NUL (%00)' }]);
    // A body, if any, must be JSON (an empty POST, e.g. "run a reconciliation now", needs no content type).
    const hasBody = request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
    const path = request.url.split('?')[0];
    const stream = streamed.find((s) => s.method === request.method && s.path === path);
    if (stream) {
      if (hasBody && !mediaTypeIs(request.headers['content-type'], stream.contentType)) throw Problems.unsupportedMediaType(stream.contentType);
      if (Number(request.headers['content-length'] ?? 0) > stream.limitBytes) throw Problems.payloadTooLarge(stream.limitText);
      return;
    }
    if (options.jsonOnlyPrefix && hasBody && BODY_METHODS.has(request.method) && request.url.startsWith(options.jsonOnlyPrefix)) {
      const type = request.headers['content-type'] ?? '';
      if (!/^application\/json\s*(;|$)/i.test(type)) throw Problems.unsupportedMediaType('application/json');
    }
  });
  const metrics = app.get(MetricsService);
  const logRequests = app.get<boolean>(REQUEST_LOGGING, { strict: false });
  fastify.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpRequestSeconds.observe({ method: request.method, route, status: reply.statusCode }, reply.elapsedTime / 1000);
    if (logRequests) logRequest(request, reply);
  });

  if (options.openApi) mountOpenApi(app, options.openApi);
  if (options.configure) await options.configure(app);
  return app;
}

function mountOpenApi(app: INestApplication, openApi: NonNullable<HttpAppOptions['openApi']>): void {
  const builder = new DocumentBuilder().setTitle(openApi.title).setDescription(openApi.description).setVersion('1');
  if (openApi.bearerAuth) builder.addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API key' });
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, builder.build()), { jsonDocumentUrl: 'docs-json' });
}

/** Creates, listens, and turns a taken port into one readable line. */
export async function startHttpApp(options: HttpAppOptions): Promise<NestFastifyApplication> {
  const app = await createHttpApp(options);
  try {
    await app.listen(options.port, options.host);
  } catch (error) {
    if ((error as { code?: string }).code !== 'EADDRINUSE') throw error;
    exitWithMessage(options.processName, `port ${options.host}:${options.port} is taken: stop whatever holds it or choose another port.`);
  }
  const where = `${options.mutualTls ? 'https' : 'http'}://${options.host}:${options.port}`;
  app.get(Logger).log(`${options.processName} listening on ${where}${options.mutualTls ? ' (client certificates required)' : ''}`);
  return app;
}
