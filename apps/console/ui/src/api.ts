// The console's one way to the server: same-origin fetch with the session cookie, the session's CSRF token
// on every change, and problem+json turned into an ApiError whose message a person can read.

export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors: FieldError[] = [],
  ) {
    super(detail || title);
  }

  /** One readable sentence, with the fields named. */
  describe(): string {
    const fields = this.errors.map((e) => `${e.field} ${e.message}`).join('; ');
    return [this.detail || this.title, fields].filter(Boolean).join(' — ');
  }
}

export interface Session {
  role: 'operator' | 'auditor' | 'admin';
  credentialId: string;
  csrfToken: string | null;
  idleTimeoutSeconds: number;
}

let csrfToken: string | null = null;
let onSignedOut: () => void = () => undefined;

export function useSession(session: Session | null, signedOut: () => void): void {
  csrfToken = session?.csrfToken ?? null;
  onSignedOut = signedOut;
}

export async function api<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'No answer', 'The console server did not answer. Check your connection; the page will work again once it is back.');
  }
  if (response.status === 401 && path !== '/v1/session') onSignedOut();
  return readBody<T>(response);
}

/** A download (export): the body as a Blob, or the problem as an ApiError. */
export async function download(path: string): Promise<{ blob: Blob; filename: string }> {
  const response = await fetch(path, { credentials: 'same-origin' });
  if (!response.ok) return readBody(response);
  const disposition = response.headers.get('content-disposition') ?? '';
  const filename = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? 'audit-export';
  return { blob: await response.blob(), filename };
}

async function readBody<T>(response: Response): Promise<T> {
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  if (response.ok) return parsed as T;
  const problem = (parsed && typeof parsed === 'object' ? parsed : {}) as { title?: string; detail?: string; errors?: FieldError[] };
  throw new ApiError(response.status, problem.title ?? `HTTP ${response.status}`, problem.detail ?? (typeof parsed === 'string' ? parsed.slice(0, 300) : ''), problem.errors ?? []);
}

/** Query string from the non-empty values. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '') as [string, string][];
  return entries.length ? `?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString()}` : '';
}
