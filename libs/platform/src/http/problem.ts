import { HttpException, HttpStatus } from '@nestjs/common';

export interface FieldError {
  field: string;
  message: string;
}

/** RFC 9457 problem details, the body of every error the hub's APIs return. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors: FieldError[];
  /** Extension member of 429s: the seconds the caller must wait, also sent as the Retry-After header. */
  retryAfter?: number;
  requestId?: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** What a 503 tells the caller to wait (Retry-After), in seconds. */
export const UNAVAILABLE_RETRY_AFTER_S = 5;

const TITLES: Record<number, string> = {
  400: 'Invalid request',
  401: 'Authentication required',
  403: 'Not allowed',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Unprocessable request',
  429: 'Too many requests',
  500: 'Internal error',
  503: 'Service unavailable',
};

/** An error that already knows its problem+json body; thrown by services and guards. */
export class ProblemException extends HttpException {
  constructor(readonly problem: Omit<ProblemDetails, 'requestId'>) {
    super(problem, problem.status);
  }
}

function problem(status: number, slug: string, detail: string, errors: FieldError[] = [], extensions: Pick<ProblemDetails, 'retryAfter'> = {}): ProblemException {
  return new ProblemException({ type: `/problems/${slug}`, title: TITLES[status] ?? 'Error', status, detail, errors, ...extensions });
}

/** The one place where the hub's error kinds get their status, type and title. */
export const Problems = {
  validation: (errors: FieldError[], detail = 'The request is invalid; see errors for each field.') =>
    problem(HttpStatus.BAD_REQUEST, 'validation-error', detail, errors),
  unauthorized: (detail = 'Send a valid API key as "Authorization: Bearer <key>".') =>
    problem(HttpStatus.UNAUTHORIZED, 'unauthorized', detail),
  forbidden: (detail = 'Your key\'s role does not allow this call.') => problem(HttpStatus.FORBIDDEN, 'forbidden', detail),
  notFound: (what = 'resource') => problem(HttpStatus.NOT_FOUND, 'not-found', `No such ${what}.`),
  conflict: (detail: string, errors: FieldError[] = []) => problem(HttpStatus.CONFLICT, 'conflict', detail, errors),
  payloadTooLarge: (limit: string) =>
    problem(HttpStatus.PAYLOAD_TOO_LARGE, 'payload-too-large', `The body is over the ${limit} limit.`, [
      { field: 'body', message: `must be at most ${limit}` },
    ]),
  unsupportedMediaType: (expected: string) =>
    problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'unsupported-media-type', `Send the body as ${expected}.`, [
      { field: 'content-type', message: `must be ${expected}` },
    ]),
  tooManyRequests: (retryAfterSeconds: number) =>
    problem(HttpStatus.TOO_MANY_REQUESTS, 'too-many-requests', `This key has used up its requests for now; retry after ${retryAfterSeconds} s.`, [], {
      retryAfter: retryAfterSeconds,
    }),
  internal: () => problem(HttpStatus.INTERNAL_SERVER_ERROR, 'internal-error', 'Something went wrong on our side; retry later.'),
  unavailable: () =>
    problem(HttpStatus.SERVICE_UNAVAILABLE, 'unavailable', `A part the hub depends on is unavailable; nothing was stored. Retry after ${UNAVAILABLE_RETRY_AFTER_S} s.`),
  fromStatus: (status: number, detail: string) => problem(status, `http-${status}`, detail),
};

interface FrameworkError {
  statusCode?: number;
  code?: string;
  message?: string;
}

/** Fastify's request errors (Nest wraps them in an HttpException whose cause is the original). */
function frameworkProblem(e: FrameworkError, bodyLimitText: string): ProblemException | undefined {
  if (/forbidden prototype property/i.test(e.message ?? '')) {
    return Problems.validation([{ field: 'body', message: 'must not contain __proto__ or constructor.prototype keys' }]);
  }
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return Problems.payloadTooLarge(bodyLimitText);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return Problems.unsupportedMediaType('application/json');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return Problems.validation([{ field: 'body', message: 'must not be empty' }]);
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return Problems.validation([{ field: 'content-length', message: 'does not match the body' }]);
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return Problems.validation([{ field: 'body', message: 'is not valid JSON' }]);
  }
  if (e instanceof SyntaxError) return Problems.validation([{ field: 'body', message: 'is not valid JSON' }]);
  return undefined;
}

// The database (or its pool) is unreachable: connection refused/reset/timed out, PostgreSQL class 08
// (connection exception), 57P0x (shutting down, cannot connect now), 53300 (too many connections).
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '53300']);
const UNAVAILABLE_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Connection is closed/i;

function isDependencyDown(e: FrameworkError & { driverError?: FrameworkError }): boolean {
  const code = e.driverError?.code ?? e.code;
  return (code !== undefined && (UNAVAILABLE_CODES.has(code) || /^08/.test(code))) || UNAVAILABLE_MESSAGES.test(e.message ?? '');
}

/** Maps anything thrown (ours, Nest's, Fastify's body parsing) to problem details; unknown errors are 500. */
export function toProblem(error: unknown, bodyLimitText = '1 MB'): ProblemDetails {
  if (error instanceof ProblemException) return { ...error.problem };
  const cause = (error instanceof HttpException ? (error.cause ?? error) : error) as FrameworkError | undefined;
  const mapped = cause && frameworkProblem(cause, bodyLimitText);
  if (mapped) return { ...mapped.problem };
  if (error instanceof HttpException) return { ...Problems.fromStatus(error.getStatus(), error.message).problem };
  const status = cause?.statusCode;
  if (status && status >= 400 && status < 500) return { ...Problems.fromStatus(status, 'The request could not be processed.').problem };
  if (cause && isDependencyDown(cause)) return { ...Problems.unavailable().problem };
  return { ...Problems.internal().problem };
}
