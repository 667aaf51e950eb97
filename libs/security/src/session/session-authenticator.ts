import { timingSafeEqual } from 'node:crypto';
import { Problems } from '@dxhub/platform';
import { CredentialResolver } from '../auth/credential-resolver';
import type { Principal } from '../auth/roles';
import { CSRF_HEADER, sessionIdFromCookie } from './session-cookie';
import { SessionRecord, SessionStore } from './session-store';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface SessionRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * Authenticates a request by its console session cookie. A state-changing request must also carry the
 * session's CSRF token in X-CSRF-Token: SameSite=Strict already keeps other sites' pages from sending the
 * cookie, and the token (which another origin cannot read) is the second lock.
 */
export class SessionAuthenticator {
  constructor(
    readonly store: SessionStore,
    private readonly credentials: CredentialResolver,
  ) {}

  /** The principal, or null when there is no live session; 403 when the CSRF token is missing or wrong. */
  async authenticate(request: SessionRequest): Promise<{ principal: Principal; sessionId: string; session: SessionRecord } | null> {
    const sessionId = sessionIdFromCookie(header(request, 'cookie'));
    if (!sessionId) return null;
    const session = await this.store.read(sessionId);
    if (!session) return null;
    // The key behind the session must still be active (revocation is immediate) and still a staff key.
    const principal = await this.credentials.resolveHash(session.keyHash);
    if (!principal || principal.role === 'submitter') return null;
    if (!SAFE_METHODS.has(request.method.toUpperCase()) && !sameToken(header(request, CSRF_HEADER), session.csrfToken)) {
      throw Problems.forbidden(`A change made with the console's session needs the session's token in the ${CSRF_HEADER} header (GET /v1/session answers it).`);
    }
    return { principal, sessionId, session };
  }
}

function header(request: SessionRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function sameToken(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
