import { normalizeSsn } from '../verification/ssn';
import { personSubjectSchema, verificationRequestSchema } from './schema-fragments';
import type { Interpretation, ServiceDefinition, VerificationRequest } from './service-definition';

interface VciSubject {
  ssn: string;
  firstName?: string;
  middleName?: string;
  lastName: string;
  dateOfBirth: string;
}

/** The VCI answer, as far as the hub reads it (schemas/federal/vci/VCI-Response-schema.json). */
interface VciEmployment {
  employerName: string;
  employmentStatusCode: string;
  mostRecentHireDate?: string;
  terminationDate?: string;
  payRateAmount?: number;
  payRateFrequencyCode?: string;
  payFrequencyCode?: string;
  annualizedIncomeAmount?: number;
  payPeriodEndDate?: string;
  payPeriodGrossIncomeAmount?: number;
}

interface VciResponse {
  vciResponse: {
    responseMetadata: { responseCode: string; responseText: string };
    verificationID?: string;
    asOfDate?: string;
    employmentArray?: VciEmployment[];
  };
}

const SUCCESS = 'HS000000';

function toFederalRequest(request: VerificationRequest) {
  const s = request.subject as unknown as VciSubject;
  return {
    vciRequest: {
      personSocialSecurityNumber: normalizeSsn(s.ssn),
      ...(s.firstName ? { personGivenName: s.firstName } : {}),
      ...(s.middleName ? { personMiddleName: s.middleName } : {}),
      personSurName: s.lastName,
      personBirthDate: s.dateOfBirth,
    },
  };
}

const lower = (code: string | undefined) => code?.toLowerCase() ?? null;

/**
 * Current income from The Work Number, one entry per employment on record:
 * - verified: at least one current employment (status other than INACTIVE);
 * - not_verified: employment records, all ended (the person has no current employment income there);
 * - inconclusive: no record at all (The Work Number covers only the employers that report to it, so its
 *   silence says nothing about income), or a code other than success.
 */
function interpret(response: unknown): Interpretation {
  const body = (response as VciResponse).vciResponse;
  const responseCode = body.responseMetadata.responseCode;
  const employers = (body.employmentArray ?? []).map((e) => ({
    employerName: e.employerName,
    employmentStatus: lower(e.employmentStatusCode)!,
    hireDate: e.mostRecentHireDate ?? null,
    terminationDate: e.terminationDate ?? null,
    payRate: e.payRateAmount ?? null,
    payRateFrequency: lower(e.payRateFrequencyCode),
    payFrequency: lower(e.payFrequencyCode),
    annualizedIncome: e.annualizedIncomeAmount ?? null,
    payPeriodIncome: e.payPeriodGrossIncomeAmount ?? null,
    payPeriodEndDate: e.payPeriodEndDate ?? null,
  }));
  const current = employers.filter((employer) => employer.employmentStatus !== 'inactive');
  const annualizedIncome = employers.length === 0 ? null : current.reduce((sum, employer) => sum + (employer.annualizedIncome ?? 0), 0);
  const outcome =
    responseCode !== SUCCESS || employers.length === 0 ? 'inconclusive'
    : current.length > 0 ? 'verified'
    : 'not_verified';
  return {
    outcome,
    responseCode,
    result: {
      employers,
      annualizedIncome: annualizedIncome === null ? null : Math.round(annualizedIncome * 100) / 100,
      asOfDate: body.asOfDate ?? null,
      verificationId: body.verificationID ?? null,
      responseCode,
    },
  };
}

export const vci = {
  service: 'vci',
  category: 'income',
  source: 'equifax',
  mode: 'sync' as const,
  description:
    "Verify Current Income (Equifax The Work Number): the person's employers on record with employment status, pay rate and frequency, annualized income and latest pay-period income, as of a date.",
  requestSchema: verificationRequestSchema('vci', personSubjectSchema),
  federal: {
    path: '/hub/vci',
    // CMS publishes no REST/JSON schema for VCI: these are the project's own, in the Hub's style.
    schemas: { folder: 'vci', request: 'VCI-Request-schema.json', response: 'VCI-Response-schema.json' },
    toRequest: toFederalRequest,
    interpret,
  },
} satisfies ServiceDefinition;
