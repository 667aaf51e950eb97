import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { drainOrClose } from './early-answer';
import { PROBLEM_CONTENT_TYPE, toProblem, UNAVAILABLE_RETRY_AFTER_S } from './problem';

/** Every error leaving a hub API is problem+json; 5xx are logged (scrubbed), 4xx are the caller's. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendProblem(http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), error, this.logger);
  }
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: unknown, logger: Pick<Logger, 'error'>): void {
  const problem = { ...toProblem(error), requestId: request.id };
  if (problem.status >= 500) logger.error({ err: error, correlationId: request.id }, 'request failed');
  if (problem.status === 503) void reply.header('retry-after', String(UNAVAILABLE_RETRY_AFTER_S));
  if (problem.status === 429 && problem.retryAfter !== undefined) void reply.header('retry-after', String(problem.retryAfter));
  if (problem.status === 413) drainOrClose(request, reply);
  void reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
}
