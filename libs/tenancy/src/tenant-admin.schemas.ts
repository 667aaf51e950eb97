import { FINGERPRINT_256_PATTERN, ROLES } from '@dxhub/security';

// Control and format characters (bidi overrides included), line and paragraph separators, lone surrogates.
const NO_CONTROL_CHARS = '^[^\\p{Cc}\\p{Cf}\\p{Cs}\\p{Zl}\\p{Zp}]+$';

export const createExchangeSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name'],
  properties: {
    id: { type: 'string', pattern: '^[a-z][a-z0-9-]{1,62}$', 'x-message': 'must be a lowercase slug: a-z, 0-9 and hyphens, 2-63 characters, starting with a letter' },
    name: { type: 'string', minLength: 1, maxLength: 200, pattern: NO_CONTROL_CHARS, 'x-message': 'must not contain control characters' },
  },
};

export const createCredentialSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['role'],
  properties: {
    role: { enum: [...ROLES] },
    exchangeId: { type: 'string', pattern: '^[a-z][a-z0-9-]{1,62}$', 'x-message': 'must be an exchange id (lowercase slug)' },
    label: { type: 'string', minLength: 1, maxLength: 200, pattern: NO_CONTROL_CHARS, 'x-message': 'must not contain control characters' },
    expiresAt: { type: 'string', format: 'date-time' },
  },
};

/** Up to 30 days: long enough to roll a key out to every state partner's system, short enough to bound a leak. */
export const MAX_ROTATION_OVERLAP_SECONDS = 30 * 24 * 3600;
export const DEFAULT_ROTATION_OVERLAP_SECONDS = 24 * 3600;

export const rotateCredentialSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    overlapSeconds: { type: 'integer', minimum: 0, maximum: MAX_ROTATION_OVERLAP_SECONDS, default: DEFAULT_ROTATION_OVERLAP_SECONDS },
  },
};

export const setWebhookSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['url'],
  properties: {
    url: { type: 'string', format: 'uri', maxLength: 2048 },
    secret: { type: 'string', minLength: 16, maxLength: 256, pattern: '^[\\x21-\\x7E]+$', 'x-message': 'must be 16-256 printable characters without spaces' },
  },
};

export const setClientCertificateSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['fingerprint256'],
  properties: {
    fingerprint256: {
      type: 'string',
      pattern: FINGERPRINT_256_PATTERN,
      'x-message': 'must be the SHA-256 fingerprint of the DER certificate: 64 hex digits, colons between bytes optional',
    },
  },
};

/** A RabbitMQ user name as the hub accepts it (RabbitMQ allows more; these are safe in URLs, regexes and logs). */
export const AMQP_USER_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$';

export const setAmqpUserSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['user'],
  properties: {
    user: { type: 'string', pattern: AMQP_USER_PATTERN, 'x-message': 'must be a RabbitMQ user name: 1-128 of A-Z, a-z, 0-9, ".", "_", "-", starting with a letter or digit' },
  },
};

export interface SetAmqpUserInput {
  user: string;
}

export interface CreateExchangeInput {
  id: string;
  name: string;
}
export interface CreateCredentialInput {
  role: (typeof ROLES)[number];
  exchangeId?: string;
  label?: string;
  expiresAt?: string;
}
export interface RotateCredentialInput {
  overlapSeconds?: number;
}
export interface SetWebhookInput {
  url: string;
  secret?: string;
}
export interface SetClientCertificateInput {
  fingerprint256: string;
}
