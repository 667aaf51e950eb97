import type { FieldError } from '@dxhub/platform';
import { normalizeSsn } from '../verification/ssn';
import type { VerificationRequest } from './service-definition';
import { birthDateSchema, JsonSchema, personNameSchema, ssnSchema, US_STATE_CODES, UsStateCode } from './schema-fragments';

// What the two coverage services (esi-mec, non-esi-mec) share: the applicant as both federal requests
// describe them (RJ14 and RJ31 carry the same person fields), and the coverage period asked about.


export interface CoverageSubject {
  ssn: string;
  firstName: string;
  middleName?: string;
  lastName: string;
  suffix?: string;
  dateOfBirth: string;
  sex?: 'F' | 'M' | 'U';
  state: UsStateCode;
}

export interface CoveragePeriod {
  startDate: string;
  endDate: string;
}

export const coverageSubjectSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  // Both federal schemas require the given name, unlike SSA Composite.
  required: ['ssn', 'firstName', 'lastName', 'dateOfBirth', 'state'],
  properties: {
    ssn: ssnSchema,
    firstName: personNameSchema('Given name'),
    middleName: personNameSchema('Middle name'),
    lastName: personNameSchema('Surname'),
    suffix: {
      type: 'string',
      // RJ31 allows at most 3 characters (Jr, Sr., III, IV, ...).
      pattern: '^[A-Za-z][A-Za-z.]{0,2}$',
      description: 'Name suffix, e.g. Jr, Sr., III',
      'x-message': 'must be 1-3 letters or periods, e.g. Jr, Sr., III',
    },
    dateOfBirth: birthDateSchema,
    sex: { type: 'string', enum: ['F', 'M', 'U'], description: 'F female, M male, U unknown' },
    state: { type: 'string', enum: [...US_STATE_CODES], description: "USPS code of the applicant's state (or territory, APO/FPO) of residence" },
  },
};

const coverageDateSchema = (description: string): JsonSchema => ({ type: 'string', format: 'date', description });

/** The period the applicant wants coverage (or wants other coverage checked) for; endDate on or after startDate. */
export const coveragePeriodSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['startDate', 'endDate'],
  description: 'Requested coverage period, e.g. the plan year; the end date must not be before the start date',
  properties: {
    startDate: coverageDateSchema('First day of the period, YYYY-MM-DD'),
    endDate: coverageDateSchema('Last day of the period, YYYY-MM-DD'),
  },
};

/** The cross-field rule the schema cannot state: a period that ends before it starts is refused. */
export function checkCoveragePeriod(request: VerificationRequest): FieldError[] {
  const period = request.coveragePeriod as { startDate: string; endDate: string };
  return period.endDate < period.startDate ? [{ field: 'coveragePeriod.endDate', message: 'must not be before startDate' }] : [];
}

/** The person fields of an RJ14 applicant / RJ31 individual, with the optional ones only when given. */
export function federalPerson(subject: CoverageSubject) {
  return {
    personSocialSecurityNumber: normalizeSsn(subject.ssn),
    personGivenName: subject.firstName,
    ...(subject.middleName ? { personMiddleName: subject.middleName } : {}),
    personSurName: subject.lastName,
    ...(subject.suffix ? { personSuffixName: subject.suffix } : {}),
    personBirthDate: subject.dateOfBirth,
    ...(subject.sex ? { personSexCode: subject.sex } : {}),
    usStateCode: subject.state,
  };
}
