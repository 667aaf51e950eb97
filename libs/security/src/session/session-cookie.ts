// The console's session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site's page sends
// it), Path=/ (the UI, the API and /queues), Secure in production (HTTPS only).

export const SESSION_COOKIE = 'dxhub_session';
/** The header the console UI sends on state-changing requests; its value is the session's CSRF token. */
export const CSRF_HEADER = 'x-csrf-token';

/** The session id from a Cookie header, if any (only our cookie is read; others are ignored). */
export function sessionIdFromCookie(header: string | undefined): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim() || null;
  }
  return null;
}

export function sessionCookie(id: string, maxAgeSeconds: number, secure: boolean): string {
  return `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure ? '; Secure' : ''}`;
}

export function clearedSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure ? '; Secure' : ''}`;
}
