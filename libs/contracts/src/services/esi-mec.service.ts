import { checkCoveragePeriod, CoveragePeriod, coveragePeriodSchema, CoverageSubject, coverageSubjectSchema, federalPerson } from './coverage-request-fragments';
import { serviceRequestSchema } from './schema-fragments';
import type { Interpretation, ServiceDefinition, VerificationRequest } from './service-definition';

interface ResponseMetadata {
  responseCode: string;
  responseText: string;
}

/** The federal RJ14 answer, as far as the hub reads it (schemas/federal/esi-rj14/ESIMEC-Response-schema.json). */
interface EsiApplicantResponse {
  responseMetadata: ResponseMetadata;
  applicantMECInformation?: {
    applicantEligibleESIIndicator?: boolean;
    applicantInsuredIndicator?: boolean;
    inconsistencyIndicator: boolean;
    employeeMonthlyPremiumAmount?: number;
  };
}

interface EsiResponse {
  esiMECResponse: {
    responseMetadata?: ResponseMetadata;
    applicantResponseArray?: EsiApplicantResponse[];
  };
}

function toFederalRequest(request: VerificationRequest) {
  const subject = request.subject as unknown as CoverageSubject;
  const period = request.coveragePeriod as CoveragePeriod;
  return {
    esiMECRequest: {
      applicantRequestArray: [{ ...federalPerson(subject), requestedCoveragePeriod: { startDate: period.startDate, endDate: period.endDate } }],
    },
  };
}

/**
 * The applicant attests to having no employer-sponsored coverage (the condition for APTC/CSR):
 * - verified: OPM reports them neither eligible for nor enrolled in employer coverage;
 * - not_verified: eligible or insured (the premium is reported so the state can judge affordability);
 * - inconclusive: OPM flagged its data as inconsistent, left an indicator out, or answered nothing for the applicant.
 */
function interpret(response: unknown): Interpretation {
  const body = (response as EsiResponse).esiMECResponse;
  const applicant = body.applicantResponseArray?.[0];
  const responseCode = applicant?.responseMetadata.responseCode ?? body.responseMetadata?.responseCode ?? 'unknown';
  const information = applicant?.applicantMECInformation;

  const result = {
    eligibleForEmployerInsurance: information?.applicantEligibleESIIndicator ?? null,
    insured: information?.applicantInsuredIndicator ?? null,
    inconsistency: information?.inconsistencyIndicator ?? null,
    employeeMonthlyPremium: information?.employeeMonthlyPremiumAmount ?? null,
    responseCode,
  };
  const outcome =
    !information || information.inconsistencyIndicator ? 'inconclusive'
    : result.eligibleForEmployerInsurance === true || result.insured === true ? 'not_verified'
    : result.eligibleForEmployerInsurance === false && result.insured === false ? 'verified'
    : 'inconclusive';
  return { outcome, responseCode, result };
}

export const esiMec = {
  service: 'esi-mec',
  category: 'eligibility',
  source: 'opm',
  mode: 'sync' as const,
  description:
    'Verify ESI MEC (RJ14): checks with OPM whether the applicant is eligible for or enrolled in employer-sponsored coverage in the requested period, and the employee monthly premium.',
  requestSchema: serviceRequestSchema('esi-mec', { subject: coverageSubjectSchema, coveragePeriod: coveragePeriodSchema }, ['subject', 'coveragePeriod']),
  check: checkCoveragePeriod,
  federal: {
    path: '/hub/esi-mec',
    schemas: { folder: 'esi-rj14', request: 'ESIMEC-Request-schema.json', response: 'ESIMEC-Response-schema.json' },
    toRequest: toFederalRequest,
    interpret,
  },
} satisfies ServiceDefinition;
