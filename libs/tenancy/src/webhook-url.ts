import type { FieldError } from '@dxhub/platform';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** CONTRACT: https in production; outside it, http://localhost and http://127.0.0.1 too, for development. */
export function webhookUrlProblem(url: string, production: boolean): FieldError | null {
  const parsed = new URL(url);
  if (parsed.username || parsed.password) return { field: 'url', message: 'must not carry credentials' };
  if (parsed.protocol === 'https:') return null;
  if (!production && parsed.protocol === 'http:' && LOCAL_HOSTS.has(parsed.hostname)) return null;
  return { field: 'url', message: production ? 'must be an https URL' : 'must be https, or http://localhost / http://127.0.0.1 for development' };
}
