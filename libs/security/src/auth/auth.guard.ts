import { CanActivate, ExecutionContext, Injectable, Optional } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Problems, PUBLIC_ROUTE } from '@dxhub/platform';
import type { FastifyRequest } from 'fastify';
import { RateLimiter } from '../rate-limit/rate-limiter';
import { SessionAuthenticator } from '../session/session-authenticator';
import { ClientCertificateCheck } from './client-certificate';
import { CredentialResolver } from './credential-resolver';
import type { Principal, Role } from './roles';
import { ROLES_KEY } from './roles.decorator';

const BEARER = /^Bearer ([\x21-\x7E]{1,512})$/;

/**
 * Global guard: 401 without a valid key (or, in the console, a live session cookie: see SessionAuthenticator) (or, under mutual TLS, a submitter key over a connection made
 * without its exchange's certificate), 429 when the key has used up its rate limit (when one is set),
 * 403 when the key's role is not among the route's roles.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly credentials: CredentialResolver,
    @Optional() private readonly limiter?: RateLimiter,
    @Optional() private readonly certificates?: ClientCertificateCheck,
    @Optional() private readonly sessions?: SessionAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const roles = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets);
    const request = context.switchToHttp().getRequest<FastifyRequest & { principal?: Principal; sessionId?: string }>();
    const match = BEARER.exec(request.headers.authorization ?? '');
    let principal = match ? await this.credentials.resolve(match[1]) : null;
    // A bearer key, when sent, decides alone; without one, the console's session cookie may stand in for it.
    if (!request.headers.authorization && this.sessions) {
      const session = await this.sessions.authenticate(request);
      principal = session?.principal ?? null;
      request.sessionId = session?.sessionId;
    }
    if (!principal) throw Problems.unauthorized();
    await this.certificates?.assertBound(principal, request.raw.socket);
    // Every authenticated call counts, refused ones included: a key probing routes it may not use is throttled too.
    const rate = await this.limiter?.check(principal.credentialId);
    if (rate && !rate.allowed) throw Problems.tooManyRequests(rate.retryAfterSeconds);
    if (!roles?.includes(principal.role)) throw Problems.forbidden();
    request.principal = principal;
    return true;
  }
}
