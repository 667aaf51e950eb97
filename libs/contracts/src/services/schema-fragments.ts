import { SSN_PATTERN, SSN_RULES_MESSAGE } from '../verification/ssn';

// Building blocks of the state-facing request schemas. `x-message` is the error people see when a value
// breaks the pattern; `x-not-future` rejects dates after today. Both are ignored by other validators.
export type JsonSchema = Record<string, unknown>;

/** USPS codes of the Hub's state code enumeration (the same in every RJ schema): states, DC, territories, APO/FPO. */
export const US_STATE_CODES = [
  'AA', 'AE', 'AK', 'AL', 'AP', 'AR', 'AS', 'AZ', 'CA', 'CO', 'CT', 'DC', 'DE', 'FL', 'FM', 'GA', 'GU', 'HI', 'IA', 'ID', 'IL',
  'IN', 'KS', 'KY', 'LA', 'MA', 'MD', 'ME', 'MH', 'MI', 'MN', 'MO', 'MP', 'MS', 'MT', 'NC', 'ND', 'NE', 'NH', 'NJ', 'NM', 'NV',
  'NY', 'OH', 'OK', 'OR', 'PA', 'PR', 'PW', 'RI', 'SC', 'SD', 'TN', 'TX', 'UT', 'VA', 'VI', 'VT', 'WA', 'WI', 'WV', 'WY',
] as const;

export type UsStateCode = (typeof US_STATE_CODES)[number];

export const ssnSchema: JsonSchema = {
  type: 'string',
  pattern: SSN_PATTERN,
  description: 'Social Security number, 123-45-6789 or 123456789',
  'x-message': SSN_RULES_MESSAGE,
};

export const personNameSchema = (description: string): JsonSchema => ({
  type: 'string',
  minLength: 1,
  maxLength: 50,
  // Letters (any script), marks, spaces, apostrophes, hyphens and periods; no control characters or digits.
  pattern: "^[\\p{L}\\p{M}][\\p{L}\\p{M}' .-]*$",
  description,
  'x-message': 'must be 1-50 letters, spaces, apostrophes, hyphens or periods',
});

export const birthDateSchema: JsonSchema = {
  type: 'string',
  format: 'date',
  'x-not-future': true,
  description: 'Date of birth, YYYY-MM-DD, a real calendar date not in the future',
};

/** A person as SSA Composite and VCI take them: SSN, surname and birth date; given and middle names optional. */
export const personSubjectSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['ssn', 'lastName', 'dateOfBirth'],
  properties: {
    ssn: ssnSchema,
    firstName: personNameSchema('Given name'),
    middleName: personNameSchema('Middle name'),
    lastName: personNameSchema('Surname'),
    dateOfBirth: birthDateSchema,
  },
};

export const referenceSchema: JsonSchema = {
  type: 'string',
  minLength: 1,
  maxLength: 128,
  pattern: '^[\\x20-\\x7E]+$',
  description: "The exchange's own reference (e.g. its case number); printable ASCII",
  'x-message': 'must be 1-128 printable ASCII characters',
};

export const previousVerificationIdSchema: JsonSchema = {
  type: 'string',
  pattern: '^ver_[0-9A-HJKMNP-TV-Z]{26}$',
  description: 'The id of the earlier step of this multi-step service (a verification of your exchange)',
  'x-message': 'must be a verification id (ver_...)',
};

/**
 * The whole POST body of one service: `service` and `reference` always; the service's own properties
 * (`subject`, `options`, `previousVerificationId`, answers, ...) and which of them are required.
 */
export function serviceRequestSchema(service: string, properties: Record<string, JsonSchema>, required: string[]): JsonSchema {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: `${service} verification request`,
    type: 'object',
    additionalProperties: false,
    required: ['service', ...required],
    properties: { service: { const: service }, ...properties, reference: referenceSchema },
  };
}

/** The common shape: a required `subject` and optional `options`. */
export function verificationRequestSchema(service: string, subject: JsonSchema, options?: JsonSchema): JsonSchema {
  return serviceRequestSchema(service, { subject, ...(options ? { options } : {}) }, ['subject']);
}
