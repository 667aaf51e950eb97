import type { JsonSchema } from '../schema-fragments';

// Building blocks of the VLP request schemas. DHS SAVE is stricter than the other sources (names in
// A-Z only, short lengths, fixed document number formats): what it would refuse is refused here, with a
// message that names the format, so that no request reaches the Hub only to fail its schema.

const pattern = (regex: string, description: string, message: string): JsonSchema => ({
  type: 'string',
  pattern: regex,
  description,
  'x-message': message,
});

/** SAVE's name rule: letters A-Z, spaces, apostrophes and hyphens (no accents: transliterate them). */
export const vlpNameSchema = (description: string, maxLength: number): JsonSchema =>
  pattern(
    `^[A-Za-z][A-Za-z' -]{0,${maxLength - 1}}$`,
    description,
    `must be 1-${maxLength} letters A-Z, spaces, apostrophes or hyphens, starting with a letter`,
  );

export const vlpLastNameSchema = vlpNameSchema('Surname, as on the immigration document', 40);

export const commentsSchema: JsonSchema = {
  type: 'string',
  minLength: 1,
  maxLength: 100,
  pattern: '^[\\x20-\\x7E]+$',
  description: 'Comments for DHS about the case (printable ASCII, up to 100 characters)',
  'x-message': 'must be 1-100 printable ASCII characters',
};

const alienNumber = pattern('^[Aa]?[0-9]{9}$', 'Alien registration number (A-number): 9 digits, optionally preceded by A', 'must be an A-number: 9 digits, optionally preceded by A (e.g. A123456789)');
const receiptNumber = pattern('^[A-Za-z]{3}[0-9]{10}$', 'USCIS receipt (card) number: 3 letters and 10 digits', 'must be a receipt number: 3 letters and 10 digits (e.g. EAC1234567890)');
const i94Number = pattern('^[0-9A-Za-z]{11}$', 'I-94 admission number: 11 letters or digits', 'must be an I-94 number: 11 letters or digits');
const sevisId = pattern('^[Nn][0-9]{10}$', 'SEVIS identification number: N and 10 digits', 'must be a SEVIS ID: N and 10 digits (e.g. N0012345678)');
const passportNumber = pattern('^[A-Za-z0-9]{6,12}$', 'Passport number', 'must be a passport number: 6-12 letters or digits');
const countryOfIssuance = pattern('^[A-Za-z]{3}$', 'Country that issued the passport: ISO 3166-1 alpha-3 code', 'must be a 3-letter ISO 3166-1 alpha-3 country code (e.g. MEX)');
const visaNumber = pattern('^[A-Za-z0-9]{8}$', 'Visa number', 'must be a visa number: 8 letters or digits');
const certificateNumber = (what: string) => pattern('^[A-Za-z0-9]{6,12}$', `${what} number`, `must be a ${what.toLowerCase()} number: 6-12 letters or digits`);
const docExpirationDate: JsonSchema = { type: 'string', format: 'date', description: 'Expiration date of the document, YYYY-MM-DD' };
const documentDescription: JsonSchema = {
  type: 'string',
  minLength: 1,
  maxLength: 35,
  pattern: '^[\\x20-\\x7E]+$',
  description: 'What the document is',
  'x-message': 'must be 1-35 printable ASCII characters',
};

const FIELDS = { alienNumber, receiptNumber, i94Number, sevisId, passportNumber, countryOfIssuance, visaNumber, docExpirationDate, documentDescription };
type Field = keyof typeof FIELDS | 'citizenshipNumber' | 'naturalizationNumber';

const fieldSchema = (field: Field): JsonSchema =>
  field === 'citizenshipNumber' ? certificateNumber('Citizenship certificate')
  : field === 'naturalizationNumber' ? certificateNumber('Naturalization certificate')
  : FIELDS[field];

/** One document type: the fields it has, those it requires, and whether a passport (number + country) may accompany it. */
interface DocumentShape {
  description: string;
  required: Field[];
  optional: Field[];
}

/** The immigration documents DHS SAVE takes (the Hub's DHSID choice), as the state names them. */
const VLP_DOCUMENT_SHAPES = {
  i327: { description: 'I-327 Reentry Permit', required: ['alienNumber'], optional: ['docExpirationDate'] },
  i551: { description: 'I-551 Permanent Resident Card', required: ['alienNumber', 'receiptNumber'], optional: ['docExpirationDate'] },
  i571: { description: 'I-571 Refugee Travel Document', required: ['alienNumber'], optional: ['docExpirationDate'] },
  i766: { description: 'I-766 Employment Authorization Card', required: ['alienNumber', 'receiptNumber', 'docExpirationDate'], optional: [] },
  certificateOfCitizenship: { description: 'Certificate of Citizenship (N-560/N-561)', required: ['citizenshipNumber'], optional: ['alienNumber'] },
  naturalizationCertificate: { description: 'Naturalization Certificate (N-550/N-570)', required: ['naturalizationNumber'], optional: ['alienNumber'] },
  machineReadableImmigrantVisa: {
    description: 'Machine Readable Immigrant Visa (with temporary I-551 language)',
    required: ['alienNumber', 'passportNumber', 'countryOfIssuance'],
    optional: ['visaNumber', 'docExpirationDate'],
  },
  temporaryI551Stamp: {
    description: 'Temporary I-551 stamp (on a passport or I-94); the passport is optional',
    required: ['alienNumber'],
    optional: ['passportNumber', 'countryOfIssuance', 'docExpirationDate'],
  },
  i94: { description: 'I-94 Arrival/Departure Record', required: ['i94Number'], optional: ['sevisId', 'docExpirationDate'] },
  i94InForeignPassport: {
    description: 'I-94 Arrival/Departure Record in an unexpired foreign passport',
    required: ['i94Number', 'passportNumber', 'countryOfIssuance', 'docExpirationDate'],
    optional: ['visaNumber', 'sevisId'],
  },
  foreignPassport: {
    description: 'Unexpired foreign passport',
    required: ['passportNumber', 'countryOfIssuance', 'docExpirationDate'],
    optional: ['i94Number', 'sevisId'],
  },
  i20: {
    description: 'I-20 Certificate of Eligibility for Nonimmigrant (F-1) Student Status',
    required: ['sevisId'],
    optional: ['i94Number', 'passportNumber', 'countryOfIssuance', 'docExpirationDate'],
  },
  ds2019: {
    description: 'DS-2019 Certificate of Eligibility for Exchange Visitor (J-1) Status',
    required: ['sevisId'],
    optional: ['i94Number', 'passportNumber', 'countryOfIssuance', 'docExpirationDate'],
  },
  otherWithAlienNumber: {
    description: 'Another document, with an A-number',
    required: ['alienNumber', 'documentDescription'],
    optional: ['passportNumber', 'countryOfIssuance', 'docExpirationDate'],
  },
  otherWithI94Number: {
    description: 'Another document, with an I-94 number',
    required: ['i94Number', 'documentDescription'],
    optional: ['passportNumber', 'countryOfIssuance', 'sevisId', 'docExpirationDate'],
  },
} as const satisfies Record<string, DocumentShape>;

export type VlpDocumentType = keyof typeof VLP_DOCUMENT_SHAPES;

function documentSchema(shape: DocumentShape): JsonSchema {
  const fields = [...shape.required, ...shape.optional];
  const schema: JsonSchema = {
    type: 'object',
    additionalProperties: false,
    description: shape.description,
    required: shape.required,
    properties: Object.fromEntries(fields.map((field) => [field, fieldSchema(field)])),
  };
  // Where the passport is optional, its number and issuing country come together or not at all.
  if (shape.optional.includes('passportNumber')) {
    schema.dependentRequired = { passportNumber: ['countryOfIssuance'], countryOfIssuance: ['passportNumber'] };
  }
  return schema;
}

export const vlpDocumentSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  maxProperties: 1,
  description: 'Exactly one immigration document, under the key of its type (e.g. { "i551": { "alienNumber", "receiptNumber" } })',
  properties: Object.fromEntries(Object.entries(VLP_DOCUMENT_SHAPES).map(([type, shape]) => [type, documentSchema(shape)])),
};

/** A later step's optional subject: the surname on the case, sent with the case number. */
export const vlpCaseSubjectSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  description: "The applicant's surname as on the case (optional; DHS gets it with the case number)",
  properties: { lastName: vlpLastNameSchema },
};
