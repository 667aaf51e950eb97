import { FEDERAL_SOURCES, serviceNames, SSN_PATTERN, SSN_RULES_MESSAGE, VERIFICATION_STATUSES } from '@dxhub/contracts';
import { FAILED_TRANSFER_SORTS } from '@dxhub/persistence';

// The operators' inputs, strict like every hub schema: unknown fields are 400 naming the field.

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

const exchangeId = { type: 'string', pattern: '^[a-z][a-z0-9-]{1,62}$', 'x-message': 'must be an exchange id (lowercase slug)' };
const errorCode = { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,64}$', 'x-message': 'must be an error code (1-64 letters, digits, _ . -)' };
const reason = {
  type: 'string',
  minLength: 1,
  maxLength: 500,
  pattern: '^[^\\p{Cc}\\p{Cf}\\p{Cs}\\p{Zl}\\p{Zp}]+$',
  'x-message': 'must not contain control characters',
};
const dateTime = { type: 'string', format: 'date-time' };

/** The filter of failed transfers, shared by the list (query parameters) and the bulk re-drive (body). */
const failedTransferFilterProperties = {
  exchangeId,
  service: { enum: serviceNames() },
  // 'webhook': failed deliveries of results to exchanges.
  source: { enum: [...FEDERAL_SOURCES, 'webhook'] },
  errorCode,
  since: dateTime,
  until: dateTime,
};

export const failedTransfersQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...failedTransferFilterProperties,
    limit: { type: 'string', pattern: '^[1-9][0-9]{0,2}$', 'x-message': `must be a whole number from 1 to ${MAX_LIMIT}` },
    cursor: { type: 'string', maxLength: 200 },
    sort: { enum: FAILED_TRANSFER_SORTS.flatMap((field) => [field, `-${field}`]) },
  },
};

export const failedTransfersRetrySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['filter', 'reason'],
  properties: {
    filter: { type: 'object', additionalProperties: false, properties: failedTransferFilterProperties },
    reason,
  },
};

export const reasonSchema = { type: 'object', additionalProperties: false, required: ['reason'], properties: { reason } };

export const verificationSearchSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    exchangeId,
    service: { enum: serviceNames() },
    status: { enum: [...VERIFICATION_STATUSES] },
    reference: { type: 'string', minLength: 1, maxLength: 128, pattern: '^[\\x20-\\x7E]+$', 'x-message': 'must be 1-128 printable ASCII characters' },
    ssn: { type: 'string', pattern: SSN_PATTERN, 'x-message': SSN_RULES_MESSAGE },
    createdAfter: dateTime,
    createdBefore: dateTime,
    limit: { type: 'integer', minimum: 1, maximum: MAX_LIMIT },
    cursor: { type: 'string', maxLength: 200 },
  },
};

export interface FailedTransferFilterInput {
  exchangeId?: string;
  service?: string;
  source?: string;
  errorCode?: string;
  since?: string;
  until?: string;
}

export interface FailedTransfersQuery extends FailedTransferFilterInput {
  limit?: string;
  cursor?: string;
  sort?: string;
}

export interface FailedTransfersRetryInput {
  filter: FailedTransferFilterInput;
  reason: string;
}

export interface ReasonInput {
  reason: string;
}

export interface VerificationSearchInput {
  exchangeId?: string;
  service?: string;
  status?: string;
  reference?: string;
  ssn?: string;
  createdAfter?: string;
  createdBefore?: string;
  limit?: number;
  cursor?: string;
}
