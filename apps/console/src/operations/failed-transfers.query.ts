import { decodeFailedTransferCursor, FailedTransferFilter, FailedTransferKey } from '@dxhub/persistence';
import { bodyValidator, Problems } from '@dxhub/platform';
import { DEFAULT_LIMIT, FailedTransferFilterInput, FailedTransfersQuery, failedTransfersQuerySchema, MAX_LIMIT } from './operations.schemas';

const validateQuery = bodyValidator<FailedTransfersQuery>(failedTransfersQuerySchema);

export interface FailedTransfersPage {
  filter: FailedTransferFilter;
  after?: FailedTransferKey;
  limit: number;
}

/** The validated filter as the repository takes it (dates parsed). */
export function toFailedTransferFilter(input: FailedTransferFilterInput): FailedTransferFilter {
  return {
    exchangeId: input.exchangeId,
    service: input.service,
    source: input.source,
    errorCode: input.errorCode,
    since: input.since ? new Date(input.since) : undefined,
    until: input.until ? new Date(input.until) : undefined,
  };
}

/** Parses GET /v1/ops/failed-transfers query parameters; anything malformed is a 400 naming the parameter. */
export function parseFailedTransfersQuery(query: unknown): FailedTransfersPage {
  const { limit: limitText, cursor, ...filter } = validateQuery({ ...(query as object) });
  const limit = limitText ? Number(limitText) : DEFAULT_LIMIT;
  if (limit > MAX_LIMIT) throw Problems.validation([{ field: 'limit', message: `must be a whole number from 1 to ${MAX_LIMIT}` }]);
  const after = cursor ? decodeFailedTransferCursor(cursor) : undefined;
  if (after === null) throw Problems.validation([{ field: 'cursor', message: 'is not a cursor this API returned' }]);
  return { filter: toFailedTransferFilter(filter), after, limit };
}
