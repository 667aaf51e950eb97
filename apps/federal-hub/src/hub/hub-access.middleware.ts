import { HttpStatus, Injectable, NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HubError } from '../errors/hub-error';
import { HubCode } from '../errors/hub-response-codes';
import { SimulatorHttpError } from '../errors/simulator-http-error';
import { TokenStore } from '../oauth/token-store.service';
import { MESSAGE_ID_HEADER, messageIdOf } from './message-id';

/**
 * The Hub's request-level checks, in its order: bearer token, `messageID` header, JSON content type.
 * A middleware, so they run before the body is parsed (a body in another format must still get
 * HE007004, not a parser error). The messageID goes on the raw response: Fastify merges such
 * headers into whatever it sends, errors included.
 */
@Injectable()
export class HubAccessMiddleware implements NestMiddleware {
  constructor(private readonly tokens: TokenStore) {}

  use(request: IncomingMessage, response: ServerResponse, next: () => void): void {
    const messageId = messageIdOf(request.headers);
    if (messageId) response.setHeader(MESSAGE_ID_HEADER, messageId);

    const token = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
    if (!token || !this.tokens.isValid(token)) {
      // The OAuth layer in front of the services answers as RFC 6750 resource servers do.
      response.setHeader('WWW-Authenticate', 'Bearer error="invalid_token"');
      throw new SimulatorHttpError(HttpStatus.UNAUTHORIZED, { error: 'invalid_token' });
    }
    if (!messageId) throw new HubError(400, HubCode.missingHeader, `Required header ${MESSAGE_ID_HEADER} is missing or invalid`);
    if (!/^application\/json\s*(;|$)/i.test(request.headers['content-type'] ?? '')) {
      throw new HubError(400, HubCode.wrongContentType, 'Content-Type must be application/json');
    }
    next();
  }
}
