import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { STATUS_CODES } from 'node:http';
import { ServiceRegistry } from '../hub/service-registry.service';
import { HubError } from './hub-error';
import { HubCode, ResponseMetadata } from './hub-response-codes';
import { SimulatorHttpError } from './simulator-http-error';

interface Answer {
  status: number;
  body: object;
  headers?: Record<string, string>;
}

// Texts of our own: a parser's message may quote the body, and with it an SSN.
const REJECTED_BODY_TEXT: Record<number, string> = {
  400: 'The request body is not well-formed JSON',
  413: 'The request body is too large',
};

/**
 * Every error of the simulator answers as the other organisation's system would, never as the
 * hub's problem+json: `/hub/<service>` in that service's envelope with top-level ResponseMetadata,
 * OAuth and admin routes with `{ "error" }`, and anything unexpected as the Hub's 500 HX009000.
 */
@Catch()
export class SimulatorExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('FederalHubSimulator');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly registry: ServiceRegistry,
  ) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const adapter = this.adapterHost.httpAdapter;
    const request = host.switchToHttp().getRequest();
    const response = host.switchToHttp().getResponse();
    if (adapter.isHeadersSent(response)) return;
    const path = String(adapter.getRequestUrl(request)).split('?')[0];
    const service = /^\/hub\/([^/]+)$/.exec(path)?.[1];
    const answer = this.answer(error, service, () => `${adapter.getRequestMethod(request)} ${path}`);
    for (const [name, value] of Object.entries(answer.headers ?? {})) adapter.setHeader(response, name, value);
    adapter.reply(response, answer.body, answer.status);
  }

  private answer(error: unknown, service: string | undefined, route: () => string): Answer {
    if (error instanceof HubError) {
      return { status: error.status, body: this.hubBody(service, error.responseCode, error.responseText), headers: error.headers };
    }
    if (error instanceof SimulatorHttpError) return { status: error.getStatus(), body: error.body };
    if (error instanceof HttpException) {
      // Nest's and Fastify's own (unknown route, unparsable body): their messages are not passed on.
      const status = error.getStatus();
      if (service === undefined) return { status, body: { error: errorName(status) } };
      const code = status >= 500 ? HubCode.hubException : HubCode.schemaValidation;
      return { status, body: this.hubBody(service, code, REJECTED_BODY_TEXT[status] ?? STATUS_CODES[status] ?? 'Error') };
    }
    // Only the error's kind and the route are logged: its message could carry request data.
    const name = error instanceof Error ? error.name : typeof error;
    this.logger.error(`${name} while answering ${route()}`, error instanceof Error ? error.stack?.split('\n').slice(1).join('\n') : undefined);
    return { status: 500, body: this.hubBody(service, HubCode.hubException, 'Unexpected exception at the Hub') };
  }

  private hubBody(service: string | undefined, responseCode: string, responseText: string): object {
    const metadata: ResponseMetadata = { responseCode, responseText };
    const simulator = service === undefined ? undefined : this.registry.find(service);
    return simulator ? simulator.failure(metadata) : { responseMetadata: metadata };
  }
}

/** In the style of OAuth error codes: 400 "invalid_request", else the status text ("Not Found" -> "not_found"). */
const errorName = (status: number) => (status === 400 ? 'invalid_request' : (STATUS_CODES[status] ?? 'error').toLowerCase().replace(/[^a-z]+/g, '_'));
