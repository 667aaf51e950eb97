import { checkCoveragePeriod, CoveragePeriod, coveragePeriodSchema, CoverageSubject, coverageSubjectSchema, federalPerson } from './coverage-request-fragments';
import { serviceRequestSchema } from './schema-fragments';
import type { Interpretation, ServiceDefinition, VerificationRequest } from './service-definition';

/** The trusted data sources the Hub fans out to (RJ31 organizationCodeType), in the Hub's order. */
export const NON_ESI_ORGANIZATIONS = {
  MEDC: 'Medicaid',
  CHIP: "Children's Health Insurance Program",
  BHPC: 'Basic Health Program',
  MEDI: 'Medicare',
  VHPC: 'Veterans Health Administration',
  TRIC: 'TRICARE',
  PECO: 'Peace Corps',
} as const;

export type NonEsiOrganization = keyof typeof NON_ESI_ORGANIZATIONS;
const ALL_ORGANIZATIONS = Object.keys(NON_ESI_ORGANIZATIONS) as NonEsiOrganization[];

interface NonEsiOptions {
  organizations?: NonEsiOrganization[];
}

interface ResponseMetadata {
  responseCode: string;
  responseText: string;
}

/** The federal RJ31 answer, as far as the hub reads it (schemas/federal/non-esi-rj31/VerifyNonESIMEC-Response-schema.json). */
interface OtherCoverage {
  organizationCode: NonEsiOrganization;
  responseMetadata: ResponseMetadata;
  mecCoverage?: {
    usStateCode?: string;
    mecVerificationCode: 'Y' | 'N' | 'P';
    insuranceArray?: { insurancePolicyEffectiveDate: string; insurancePolicyExpirationDate?: string }[];
  };
}

interface NonEsiResponse {
  verifyNonESIMECResponse: {
    responseMetadata?: ResponseMetadata;
    individualResponseArray?: { partialResponseIndicator: boolean; otherCoverageArray: OtherCoverage[] }[];
  };
}

const options = {
  type: 'object',
  additionalProperties: false,
  properties: {
    organizations: {
      type: 'array',
      minItems: 1,
      maxItems: ALL_ORGANIZATIONS.length,
      uniqueItems: true,
      items: { type: 'string', enum: ALL_ORGANIZATIONS },
      description: `Sources to check; all when absent. ${Object.entries(NON_ESI_ORGANIZATIONS)
        .map(([code, name]) => `${code} ${name}`)
        .join(', ')}`,
    },
  },
};

const askedOrganizations = (request: VerificationRequest) => (request.options as NonEsiOptions | undefined)?.organizations ?? ALL_ORGANIZATIONS;

function toFederalRequest(request: VerificationRequest) {
  const subject = request.subject as unknown as CoverageSubject;
  const period = request.coveragePeriod as CoveragePeriod;
  const organizations = (request.options as NonEsiOptions | undefined)?.organizations;
  return {
    verifyNonESIMECRequest: {
      individualRequestArray: [
        {
          ...federalPerson(subject),
          insurancePolicyEffectiveDate: period.startDate,
          insurancePolicyExpirationDate: period.endDate,
          // Absent means every source, as on the Hub.
          ...(organizations ? { organizationCodeArray: organizations } : {}),
        },
      ],
    },
  };
}

const otherCoverageOf = (coverage: OtherCoverage) => ({
  organizationCode: coverage.organizationCode,
  responseCode: coverage.responseMetadata.responseCode,
  mecVerificationCode: coverage.mecCoverage?.mecVerificationCode ?? null,
  state: coverage.mecCoverage?.usStateCode ?? null,
  coveragePeriods: (coverage.mecCoverage?.insuranceArray ?? []).map((insurance) => ({
    startDate: insurance.insurancePolicyEffectiveDate,
    endDate: insurance.insurancePolicyExpirationDate ?? null,
  })),
});

/**
 * The applicant attests to having no other minimum essential coverage (public programmes):
 * - not_verified: any source reports coverage (Y), even when others did not answer: a found coverage stays found;
 * - verified: every source asked answered, each with no coverage (N);
 * - inconclusive: otherwise: a partial response (a source did not answer in time), a pending check (P), or a
 *   source that answered only with an error code or not at all.
 * A successful RJ31 answer has no overall code; `responseCode` is then HS000000 (each source's own code is in
 * `otherCoverages[].responseCode`), and the envelope's code when the Hub answered with metadata only.
 */
function interpret(response: unknown, request: VerificationRequest): Interpretation {
  const body = (response as NonEsiResponse).verifyNonESIMECResponse;
  const individual = body.individualResponseArray?.[0];
  const responseCode = individual ? 'HS000000' : (body.responseMetadata?.responseCode ?? 'unknown');
  const otherCoverages = (individual?.otherCoverageArray ?? []).map(otherCoverageOf);
  const partialResponse = individual?.partialResponseIndicator ?? null;

  const codeOf = (organization: NonEsiOrganization) => otherCoverages.find((coverage) => coverage.organizationCode === organization)?.mecVerificationCode;
  const outcome =
    otherCoverages.some((coverage) => coverage.mecVerificationCode === 'Y') ? 'not_verified'
    : individual && !partialResponse && askedOrganizations(request).every((organization) => codeOf(organization) === 'N') ? 'verified'
    : 'inconclusive';
  return { outcome, responseCode, result: { partialResponse, otherCoverages, responseCode } };
}

export const nonEsiMec = {
  service: 'non-esi-mec',
  category: 'eligibility',
  source: 'cms-mec',
  mode: 'sync' as const,
  description:
    'Verify Non-ESI MEC (RJ31): checks Medicaid, CHIP, BHP, Medicare, VHA, TRICARE and Peace Corps (all, or those asked) for other minimum essential coverage in the requested period.',
  requestSchema: serviceRequestSchema(
    'non-esi-mec',
    { subject: coverageSubjectSchema, coveragePeriod: coveragePeriodSchema, options },
    ['subject', 'coveragePeriod'],
  ),
  check: checkCoveragePeriod,
  federal: {
    path: '/hub/non-esi-mec',
    schemas: { folder: 'non-esi-rj31', request: 'VerifyNonESIMEC-Request-schema.json', response: 'VerifyNonESIMEC-Response-schema.json' },
    toRequest: toFederalRequest,
    interpret,
  },
} satisfies ServiceDefinition;
