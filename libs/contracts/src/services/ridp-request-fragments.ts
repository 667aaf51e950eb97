import { normalizeSsn } from '../verification/ssn';
import { JsonSchema, ssnSchema, US_STATE_CODES } from './schema-fragments';

// The person a ridp-primary request is about, held to what the RJ139 request schema
// (schemas/federal/ridp-rj139/RIDP-Request-schema.json) takes, so that the Hub never rejects what we accepted.

const LEVELS_OF_PROOFING = ['LevelTwo', 'LevelThree', 'OptionThree'] as const;

export interface RidpAddress {
  street: string;
  city: string;
  state: (typeof US_STATE_CODES)[number];
  zipCode: string;
  zipCodeExtension?: string;
}

export interface RidpSubject {
  ssn?: string;
  firstName: string;
  middleName?: string;
  lastName: string;
  suffix?: string;
  dateOfBirth: string;
  preferredLanguage?: 'eng' | 'spa';
  address: RidpAddress;
  phone?: string;
}

/** A string schema with a pattern and the error text shown when the pattern fails. */
const text = (pattern: string, maxLength: number, description: string, message: string): JsonSchema => ({
  type: 'string',
  minLength: 1,
  maxLength,
  pattern,
  description,
  'x-message': message,
});

// RJ139 takes ASCII letters only in given and middle names, and adds spaces, apostrophes and hyphens in surnames.
const givenName = (description: string) => text('^[A-Za-z]+$', 32, description, 'must be 1-32 letters A-Z (no spaces, accents or punctuation)');

const address: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['street', 'city', 'state', 'zipCode'],
  description: 'Current residential address',
  properties: {
    street: text('^(?=.*[A-Za-z0-9])[A-Za-z0-9#./ -]+$', 60, 'Street line, e.g. 12 Main St Apt 4', 'must be 1-60 letters, digits, spaces or # . / -'),
    city: text('^(?=.*[A-Za-z])[A-Za-z. ]+$', 40, 'City or town', 'must be 1-40 letters, spaces or periods'),
    state: { type: 'string', enum: [...US_STATE_CODES], description: 'USPS code of the state, territory or APO/FPO' },
    zipCode: text('^\\d{5}$', 5, 'ZIP code', 'must be 5 digits'),
    zipCodeExtension: text('^\\d{4}$', 4, 'ZIP+4 extension', 'must be 4 digits'),
  },
};

export const ridpSubjectSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['firstName', 'lastName', 'dateOfBirth', 'address'],
  properties: {
    // Optional, as in RJ139: Experian can proof a person without one.
    ssn: ssnSchema,
    firstName: givenName('Given name'),
    middleName: givenName('Middle name'),
    lastName: text("^[A-Za-z' -]*[A-Za-z'-][A-Za-z' -]*$", 32, 'Surname', 'must be 1-32 letters, spaces, apostrophes or hyphens'),
    suffix: text('^[A-Za-z][A-Za-z.]{0,2}$', 3, 'Name suffix, e.g. Jr, Sr., III', 'must be 1-3 letters or periods, e.g. Jr, Sr., III'),
    dateOfBirth: {
      type: 'string',
      format: 'date',
      // RJ139 takes birth years 1900-2999.
      pattern: '^(19|2\\d)\\d\\d-',
      'x-not-future': true,
      description: 'Date of birth, YYYY-MM-DD, a real calendar date from 1900 on, not in the future',
      'x-message': 'must be a date from 1900 on',
    },
    preferredLanguage: { type: 'string', enum: ['eng', 'spa'], description: "The person's preferred language: eng English, spa Spanish" },
    address,
    phone: {
      type: 'string',
      pattern: '^(\\d{10}|\\d{3}-\\d{3}-\\d{4}|\\(\\d{3}\\)\\d{3}-\\d{4})$',
      description: 'US phone number: 6175550100, 617-555-0100 or (617)555-0100',
      'x-message': 'must be a 10-digit US phone number: 6175550100, 617-555-0100 or (617)555-0100',
    },
  },
};

export const ridpOptionsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    levelOfProofing: { type: 'string', enum: [...LEVELS_OF_PROOFING], description: 'Level of the questions Experian asks (RJ139 levelOfProofingCode)' },
  },
};

/** The RJ139 primaryRequest for a subject, with the optional fields only when given. */
export function federalPrimaryRequest(subject: RidpSubject, levelOfProofing: string | undefined) {
  const a = subject.address;
  return {
    person: {
      personGivenName: subject.firstName,
      ...(subject.middleName ? { personMiddleName: subject.middleName } : {}),
      personSurName: subject.lastName,
      ...(subject.suffix ? { personSuffixName: subject.suffix } : {}),
      personBirthDate: subject.dateOfBirth,
      ...(subject.ssn ? { personSocialSecurityNumber: normalizeSsn(subject.ssn) } : {}),
      ...(subject.preferredLanguage ? { personPreferredLanguage: subject.preferredLanguage } : {}),
    },
    contactInformation: {
      streetName: a.street,
      cityName: a.city,
      usStateCode: a.state,
      zipCode: a.zipCode,
      ...(a.zipCodeExtension ? { zipCodeExtension: a.zipCodeExtension } : {}),
      ...(subject.phone ? { telephoneNumber: subject.phone.replace(/\D/g, '') } : {}),
    },
    ...(levelOfProofing ? { levelOfProofingCode: levelOfProofing } : {}),
  };
}
