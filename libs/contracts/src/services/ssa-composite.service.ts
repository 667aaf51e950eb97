import { normalizeSsn } from '../verification/ssn';
import { personSubjectSchema, verificationRequestSchema } from './schema-fragments';
import type { FieldError } from '@dxhub/platform';
import type { Interpretation, ServiceDefinition, VerificationRequest } from './service-definition';

interface SsaSubject {
  ssn: string;
  firstName?: string;
  middleName?: string;
  lastName: string;
  dateOfBirth: string;
}

interface SsaOptions {
  citizenship?: boolean;
  incarceration?: boolean;
  titleIIMonthlyIncome?: string;
  titleIIAnnualIncome?: string;
  quartersOfCoverage?: boolean;
}

/** The federal RJ3 answer, as far as the hub reads it (schemas/federal/ssa-rj3/SSAC-Response-Schema.json). */
interface SsaIndividualResponse {
  responseMetadata: { responseCode: string; responseText: string };
  ssaResponse?: {
    ssnVerificationIndicator?: boolean;
    deathConfirmationCode?: 'Confirmed' | 'Unconfirmed';
    personUSCitizenIndicator?: boolean;
    personIncarcerationInformationIndicator?: boolean;
    ssaIncarcerationInformation?: {
      supervisionFacility?: { facilityCategoryCode?: string };
      prisonerConfinementDate?: string;
      inmateStatusIndicator?: boolean;
    };
    ssaTitleIIMonthlyIncome?: unknown;
    ssaTitleIIYearlyIncome?: unknown;
    ssaQuartersOfCoverage?: { lifeTimeQuarterQuantity?: number };
  };
}

interface SsaResponse {
  ssaCompositeResponse: {
    responseMetadata?: { responseCode: string; responseText: string };
    ssaCompositeIndividualResponseArray?: SsaIndividualResponse[];
  };
}

const options = {
  type: 'object',
  additionalProperties: false,
  description: 'What to verify besides the SSN itself; all default to false/absent',
  properties: {
    citizenship: { type: 'boolean', description: 'Verify US citizenship' },
    incarceration: { type: 'boolean', description: 'Verify incarceration status' },
    titleIIMonthlyIncome: {
      type: 'string',
      pattern: '^[2-9]\\d{3}-(0[1-9]|1[0-2])$',
      description: 'Title II (Social Security) monthly income for this month, YYYY-MM',
      'x-message': 'must be a month YYYY-MM (year 2000 or later)',
    },
    titleIIAnnualIncome: {
      type: 'string',
      pattern: '^[2-9]\\d{3}$',
      description: 'Title II annual income for this year, YYYY',
      'x-message': 'must be a year YYYY (2000 or later)',
    },
    quartersOfCoverage: { type: 'boolean', description: 'Lifetime quarters of coverage' },
  },
};

/** SSA reports income that was paid: a month or year still to come is refused. */
function checkIncomePeriods(request: VerificationRequest, now = new Date()): FieldError[] {
  const o = (request.options ?? {}) as SsaOptions;
  const thisMonth = now.toISOString().slice(0, 7);
  const errors: FieldError[] = [];
  if (o.titleIIMonthlyIncome && o.titleIIMonthlyIncome > thisMonth) errors.push({ field: 'options.titleIIMonthlyIncome', message: 'must not be in the future' });
  if (o.titleIIAnnualIncome && o.titleIIAnnualIncome > thisMonth.slice(0, 4)) errors.push({ field: 'options.titleIIAnnualIncome', message: 'must not be in the future' });
  return errors;
}

function toFederalRequest(request: VerificationRequest) {
  const s = request.subject as unknown as SsaSubject;
  const o = (request.options ?? {}) as SsaOptions;
  return {
    ssaCompositeRequest: {
      ssaCompositeIndividualRequestArray: [
        {
          personSocialSecurityNumber: normalizeSsn(s.ssn),
          ...(s.firstName ? { personGivenName: s.firstName } : {}),
          ...(s.middleName ? { personMiddleName: s.middleName } : {}),
          personSurName: s.lastName,
          personBirthDate: s.dateOfBirth,
          requestCitizenshipVerificationIndicator: o.citizenship === true,
          requestIncarcerationVerificationIndicator: o.incarceration === true,
          requestTitleIIMonthlyIncomeVerificationIndicator: o.titleIIMonthlyIncome !== undefined,
          requestTitleIIAnnualIncomeVerificationIndicator: o.titleIIAnnualIncome !== undefined,
          requestQuartersOfCoverageVerificationIndicator: o.quartersOfCoverage === true,
          ...(o.titleIIMonthlyIncome ? { requestTitleIIMonthlyIncomeDate: o.titleIIMonthlyIncome.replace('-', '') } : {}),
          ...(o.titleIIAnnualIncome ? { requestTitleIIAnnualIncomeDate: o.titleIIAnnualIncome } : {}),
        },
      ],
    },
  };
}

function interpret(response: unknown, request: VerificationRequest): Interpretation {
  const body = (response as SsaResponse).ssaCompositeResponse;
  const individual = body.ssaCompositeIndividualResponseArray?.[0];
  const answer = individual?.ssaResponse ?? {};
  const o = (request.options ?? {}) as SsaOptions;
  const responseCode = individual?.responseMetadata.responseCode ?? body.responseMetadata?.responseCode ?? 'unknown';

  const ssnVerified = answer.ssnVerificationIndicator === true;
  const deathConfirmed = answer.deathConfirmationCode === 'Confirmed';
  const result: Record<string, unknown> = { ssnVerified, deathConfirmed };
  const unfavourable = [!ssnVerified, deathConfirmed];
  if (o.citizenship) {
    result.citizenshipVerified = answer.personUSCitizenIndicator ?? null;
    unfavourable.push(answer.personUSCitizenIndicator !== true);
  }
  if (o.incarceration) {
    // The indicator says SSA holds an incarceration record; inmateStatusIndicator whether the person is in
    // custody now (a released person has a record but is not incarcerated).
    const facility = answer.ssaIncarcerationInformation;
    const hasRecord = answer.personIncarcerationInformationIndicator;
    const incarcerated = hasRecord === undefined ? null : hasRecord === true && facility?.inmateStatusIndicator !== false;
    result.incarcerated = incarcerated;
    unfavourable.push(incarcerated === true);
    if (facility) {
      result.incarceration = {
        facilityCategoryCode: facility.supervisionFacility?.facilityCategoryCode ?? null,
        confinementDate: facility.prisonerConfinementDate ?? null,
      };
    }
  }
  if (o.titleIIMonthlyIncome) result.titleIIMonthlyIncome = answer.ssaTitleIIMonthlyIncome ?? null;
  if (o.titleIIAnnualIncome) result.titleIIAnnualIncome = answer.ssaTitleIIYearlyIncome ?? null;
  if (o.quartersOfCoverage) result.quartersOfCoverage = answer.ssaQuartersOfCoverage?.lifeTimeQuarterQuantity ?? null;

  return {
    outcome: unfavourable.some(Boolean) ? 'not_verified' : 'verified',
    responseCode,
    result: { ...result, responseCode },
  };
}

export const ssaComposite = {
  service: 'ssa-composite',
  category: 'identity',
  source: 'ssa',
  mode: 'sync' as const,
  description:
    'SSA Composite (RJ3): verifies an SSN with name and birth date, and on request citizenship, incarceration, Title II income and quarters of coverage.',
  requestSchema: verificationRequestSchema('ssa-composite', personSubjectSchema, options),
  check: (request: VerificationRequest) => checkIncomePeriods(request),
  federal: {
    path: '/hub/ssa-composite',
    schemas: { folder: 'ssa-rj3', request: 'SSAC-Request-Schema.json', response: 'SSAC-Response-Schema.json' },
    toRequest: toFederalRequest,
    interpret,
  },
} satisfies ServiceDefinition;
