import { serviceNames, VERIFICATION_STATUSES } from '@dxhub/contracts';
import { decodeCursor, VerificationListFilter } from '@dxhub/persistence';
import { bodyValidator, Problems } from '@dxhub/platform';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

const querySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    status: { enum: [...VERIFICATION_STATUSES] },
    service: { enum: serviceNames() },
    reference: { type: 'string', minLength: 1, maxLength: 128, pattern: '^[\\x20-\\x7E]+$', 'x-message': 'must be 1-128 printable ASCII characters' },
    createdAfter: { type: 'string', format: 'date-time' },
    limit: { type: 'string', pattern: '^[1-9][0-9]{0,2}$', 'x-message': `must be a whole number from 1 to ${MAX_LIMIT}` },
    cursor: { type: 'string', maxLength: 200 },
  },
};

interface ListQuery {
  status?: string;
  service?: string;
  reference?: string;
  createdAfter?: string;
  limit?: string;
  cursor?: string;
}

const validateQuery = bodyValidator<ListQuery>(querySchema);

/** Parses GET /v1/verifications query parameters; anything malformed is a 400 naming the parameter. */
export function parseListQuery(query: unknown, exchangeId: string): VerificationListFilter {
  const q = validateQuery({ ...(query as object) });
  const limit = q.limit ? Number(q.limit) : DEFAULT_LIMIT;
  if (limit > MAX_LIMIT) throw Problems.validation([{ field: 'limit', message: `must be a whole number from 1 to ${MAX_LIMIT}` }]);
  const afterId = q.cursor ? decodeCursor(q.cursor) : undefined;
  if (afterId === null) throw Problems.validation([{ field: 'cursor', message: 'is not a cursor this API returned' }]);
  return {
    exchangeId,
    status: q.status,
    service: q.service,
    reference: q.reference,
    createdAfter: q.createdAfter ? new Date(q.createdAfter) : undefined,
    afterId,
    limit,
  };
}
