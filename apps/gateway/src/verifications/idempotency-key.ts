import { Problems } from '@dxhub/platform';

const IDEMPOTENCY_KEY = /^[\x20-\x7E]{1,255}$/;

/** CONTRACT: optional header, 1-255 printable characters. */
export function parseIdempotencyKey(header: string | string[] | undefined): string | null {
  if (header === undefined) return null;
  if (typeof header !== 'string' || !IDEMPOTENCY_KEY.test(header)) {
    throw Problems.validation([{ field: 'Idempotency-Key', message: 'must be 1-255 printable ASCII characters' }]);
  }
  return header;
}
