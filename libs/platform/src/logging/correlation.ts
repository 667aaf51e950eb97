import { randomUUID } from 'node:crypto';

const SANE_TOKEN = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's X-Request-Id when it is a sane token, otherwise a fresh one (CONTRACT: conventions). */
export function correlationIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && SANE_TOKEN.test(value) ? value : randomUUID();
}
