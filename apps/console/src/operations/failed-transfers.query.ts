import { decodeFailedTransferCursor, FailedTransferFilter, FailedTransferKey, FailedTransferSort, FailedTransferSortField } from '@dxhub/persistence';
import { bodyValidator, Problems } from '@dxhub/platform';
import { DEFAULT_LIMIT, FailedTransferFilterInput, FailedTransfersQuery, failedTransfersQuerySchema, MAX_LIMIT } from './operations.schemas';

const validateQuery = bodyValidator<FailedTransfersQuery>(failedTransfersQuerySchema);

export interface FailedTransfersPage {
  filter: FailedTransferFilter;
  after?: FailedTransferKey;
  limit: number;
  sort: FailedTransferSort;
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
  const { limit: limitText, cursor, sort: sortText = '-failedAt', ...filter } = validateQuery({ ...(query as object) });
  const limit = limitText ? Number(limitText) : DEFAULT_LIMIT;
  if (limit > MAX_LIMIT) throw Problems.validation([{ field: 'limit', message: `must be a whole number from 1 to ${MAX_LIMIT}` }]);
  // "-field" is descending, "field" ascending (the schema allows only the sortable fields).
  const sort: FailedTransferSort = { by: sortText.replace(/^-/, '') as FailedTransferSortField, direction: sortText.startsWith('-') ? 'desc' : 'asc' };
  const after = cursor ? decodeFailedTransferCursor(cursor, sort) : undefined;
  if (after === null) throw Problems.validation([{ field: 'cursor', message: 'is not a cursor this API returned for this sort' }]);
  return { filter: toFailedTransferFilter(filter), after, limit, sort };
}
