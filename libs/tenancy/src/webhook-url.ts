import type { FieldError } from '@dxhub/platform';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** CONTRACT: https in production; outside it, http://localhost and http://127.0.0.1 too, for development. */
export function webhookUrlProblem(url: string, production: boolean): FieldError | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // JSON Schema's uri format accepts some that WHATWG URL does not (a port over 65535, %00 in the host).
    return { field: 'url', message: 'must be a URL' };
  }
  if (parsed.username || parsed.password) return { field: 'url', message: 'must not carry credentials' };
  if (parsed.protocol === 'https:') return null;
  if (!production && parsed.protocol === 'http:' && LOCAL_HOSTS.has(parsed.hostname)) return null;
  return { field: 'url', message: production ? 'must be an https URL' : 'must be https, or http://localhost / http://127.0.0.1 for development' };
}
