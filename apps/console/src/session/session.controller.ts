import { Body, Controller, Delete, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuditJournal } from '@dxhub/audit';
import { AuditEventRepository } from '@dxhub/persistence';
import { bodyValidator, Problems, Public } from '@dxhub/platform';
import {
  actorOf,
  clearedSessionCookie,
  CredentialResolver,
  CurrentPrincipal,
  hashApiKey,
  Principal,
  Roles,
  sessionCookie,
  SessionStore,
} from '@dxhub/security';

/** How the console's cookie is set: Secure in production (HTTPS), and how long an idle session lives. */
export class SessionSettings {
  constructor(
    readonly secureCookie: boolean,
    readonly ttlSeconds: number,
  ) {}
}

const loginSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['key'],
  properties: { key: { type: 'string', minLength: 1, maxLength: 512, pattern: '^[\\x21-\\x7E]+$', 'x-message': 'must be an API key (printable characters, no spaces)' } },
};
const validateLogin = bodyValidator<{ key: string }>(loginSchema);

type SessionRequest = FastifyRequest & { sessionId?: string };

/**
 * Signing in to the console's web UI: staff exchange their key for a session cookie once, so the key is
 * not kept in the browser. Sign-in and sign-out are `staff.session` audit events (who, when, from where).
 */
@ApiTags('session')
@Controller('v1/session')
export class SessionController {
  constructor(
    private readonly credentials: CredentialResolver,
    private readonly sessions: SessionStore,
    private readonly settings: SessionSettings,
    private readonly audit: AuditEventRepository,
    private readonly journal: AuditJournal,
  ) {}

  @Post()
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with an operator, auditor or admin key: sets the session cookie (HttpOnly, SameSite=Strict); submitter keys are refused' })
  @ApiBody({ schema: loginSchema as never })
  @ApiResponse({ status: 200, description: '{ role, credentialId, csrfToken, idleTimeoutSeconds }; send csrfToken as X-CSRF-Token on changes' })
  @ApiResponse({ status: 401, description: 'Unknown, revoked or expired key' })
  @ApiResponse({ status: 403, description: 'A submitter key' })
  async login(@Body() body: unknown, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const { key } = validateLogin(body);
    const principal = await this.credentials.resolve(key);
    if (!principal) throw Problems.unauthorized('That key is not valid: it is unknown, revoked or expired.');
    if (principal.role === 'submitter') {
      throw Problems.forbidden("A state exchange's submitter key cannot sign in to the console: use an operator, auditor or admin key.");
    }
    const { id, session } = await this.sessions.create({ keyHash: hashApiKey(key), role: principal.role, credentialId: principal.credentialId });
    await this.record(principal, request, 'sign-in');
    void reply.header('set-cookie', sessionCookie(id, this.settings.ttlSeconds, this.settings.secureCookie));
    void reply.header('cache-control', 'no-store');
    return { role: principal.role, credentialId: principal.credentialId, csrfToken: session.csrfToken, idleTimeoutSeconds: this.settings.ttlSeconds };
  }

  @Get()
  @Roles('operator', 'auditor', 'admin')
  @ApiOperation({ summary: 'Who is signed in (or whose key this is), and the CSRF token of the session' })
  @ApiResponse({ status: 200, description: '{ role, credentialId, csrfToken (null with a bearer key), idleTimeoutSeconds }' })
  async whoAmI(@CurrentPrincipal() principal: Principal, @Req() request: SessionRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const session = request.sessionId ? await this.sessions.read(request.sessionId) : null;
    void reply.header('cache-control', 'no-store');
    return { role: principal.role, credentialId: principal.credentialId, csrfToken: session?.csrfToken ?? null, idleTimeoutSeconds: this.settings.ttlSeconds };
  }

  @Delete()
  @HttpCode(204)
  @Roles('operator', 'auditor', 'admin')
  @ApiOperation({ summary: 'Sign out: the session ends at once and the cookie is cleared' })
  async logout(@CurrentPrincipal() principal: Principal, @Req() request: SessionRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    if (request.sessionId) {
      await this.sessions.destroy(request.sessionId);
      await this.record(principal, request, 'sign-out');
    }
    void reply.header('set-cookie', clearedSessionCookie(this.settings.secureCookie));
  }

  private async record(principal: Principal, request: FastifyRequest, action: 'sign-in' | 'sign-out'): Promise<void> {
    await this.audit.append([
      this.journal.prepare({
        kind: 'staff.session',
        exchangeId: null,
        verificationId: null,
        actor: actorOf(principal),
        correlationId: request.id,
        message: { action, ip: request.ip, userAgent: String(request.headers['user-agent'] ?? '').slice(0, 200) },
      }),
    ]);
  }
}
