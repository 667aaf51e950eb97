import { AUDIT_KINDS } from '@dxhub/audit';
import type { AuditEventFilter } from '@dxhub/persistence';
import { bodyValidator } from '@dxhub/platform';

export const DEFAULT_LIMIT = 50;
export const MAX_PAGE = 500;

const id = (prefix: string) => ({ type: 'string', pattern: `^${prefix}_[0-9A-HJKMNP-TV-Z]{26}$`, 'x-message': `must be an id (${prefix}_...)` });
export const seqSchema = { type: 'string', pattern: '^(0|[1-9][0-9]{0,18})$', 'x-message': 'must be a sequence number (a whole number)' };

const querySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    verificationId: id('ver'),
    exchangeId: { type: 'string', pattern: '^[a-z][a-z0-9-]{1,62}$', 'x-message': 'must be an exchange id' },
    kind: { enum: [...AUDIT_KINDS] },
    from: { type: 'string', format: 'date-time' },
    to: { type: 'string', format: 'date-time' },
    afterSeq: seqSchema,
    cursor: seqSchema,
    limit: { type: 'string', pattern: '^([1-9][0-9]?|[1-4][0-9]{2}|500)$', 'x-message': `must be a whole number from 1 to ${MAX_PAGE}` },
  },
};

interface AuditQuery {
  verificationId?: string;
  exchangeId?: string;
  kind?: string;
  from?: string;
  to?: string;
  afterSeq?: string;
  cursor?: string;
  limit?: string;
}

const validate = bodyValidator<AuditQuery>(querySchema);

/** GET /v1/audit/events parameters; `cursor` (what a page answers as nextCursor) is the same as `afterSeq`. */
export function parseAuditQuery(query: unknown): { filter: AuditEventFilter; limit: number; audited: AuditQuery } {
  const q = validate({ ...(query as object) });
  const limit = Math.min(q.limit ? Number(q.limit) : DEFAULT_LIMIT, MAX_PAGE);
  return {
    filter: {
      verificationId: q.verificationId,
      exchangeId: q.exchangeId,
      kind: q.kind,
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
      afterSeq: q.cursor ?? q.afterSeq,
    },
    limit,
    audited: q,
  };
}
