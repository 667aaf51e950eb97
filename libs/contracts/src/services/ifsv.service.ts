import { normalizeSsn } from '../verification/ssn';
import { JsonSchema, personNameSchema, serviceRequestSchema, ssnSchema } from './schema-fragments';
import type { Interpretation, ServiceDefinition, VerificationRequest } from './service-definition';

export const TAX_FILER_ROLES = ['PRIMARY', 'SPOUSE', 'DEPENDENT'] as const;
export type TaxFilerRole = (typeof TAX_FILER_ROLES)[number];

export interface HouseholdMember {
  role: TaxFilerRole;
  ssn: string;
  firstName: string;
  middleName?: string;
  lastName: string;
  suffix?: string;
}

interface ResponseMetadata {
  responseCode: string;
  responseText: string;
}

/** The federal RJ9T answer, as far as the hub reads it (schemas/federal/ifsv-rj9t/IFSV-Response-schema.json). */
interface IfsvTaxReturn {
  taxFilerSSN: string;
  spouseSSN?: string;
  taxReturnYear?: number;
  taxReturnFilingStatusCode?: string;
  /** AGI, given for an adjusted (amended) return instead of the return-level income. */
  adjustedTaxReturnIncomeAmount?: number;
  /** The return-level income IRS computes for the exchanges: MAGI. */
  taxReturnIncomeAmount?: number;
  taxableSocialSecurityBenefitsAmount?: number;
  totalExemptionsQuantity?: number;
}

interface IfsvVerification {
  taxReturn: IfsvTaxReturn;
  responseMetadataArray?: { responseMetadata: ResponseMetadata }[];
}

interface IfsvResponse {
  ifsvResponse: {
    household?: {
      aggregateTaxReturnIncomeAmount?: number;
      applicantVerificationArray?: IfsvVerification[];
      dependentVerificationArray?: IfsvVerification[];
    };
  };
}

const SUCCESS = 'HS000000';

/**
 * IRS codes on a tax filer's return that contradict the household as attested: HE020003 the return names
 * another spouse; HE020009 / HE020010 the household received APTC and did not reconcile it.
 */
const UNFAVOURABLE_CODES = new Set(['HE020003', 'HE020009', 'HE020010']);

/** The RJ9T request carries one request per message: its requestID only has to be unique within it. */
const REQUEST_ID = '1';

const memberSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['role', 'ssn', 'firstName', 'lastName'],
  properties: {
    role: {
      type: 'string',
      enum: [...TAX_FILER_ROLES],
      description: 'PRIMARY: the tax filer the household is about; SPOUSE: their spouse; DEPENDENT: a dependent they claim',
    },
    ssn: ssnSchema,
    firstName: personNameSchema('Given name'),
    middleName: personNameSchema('Middle name'),
    lastName: personNameSchema('Surname'),
    suffix: personNameSchema('Name suffix, e.g. Jr or III'),
  },
};

// Role counts as `not` rules: a failing `contains` would also report each member without the role as an error.
const withRole = (role: TaxFilerRole): JsonSchema => ({ type: 'object', properties: { role: { const: role } } });
const someHave = (role: TaxFilerRole): JsonSchema => ({ not: { items: { not: withRole(role) } } });
const atMostOneHas = (role: TaxFilerRole): JsonSchema => ({ not: { contains: withRole(role), minContains: 2 } });
const ONE_PRIMARY = 'must have exactly one member with role PRIMARY';

const householdSchema: JsonSchema = {
  type: 'array',
  minItems: 1,
  maxItems: 99,
  description: 'The tax household: exactly one PRIMARY, at most one SPOUSE, any number of DEPENDENTs (99 people at most)',
  items: memberSchema,
  allOf: [
    { ...someHave('PRIMARY'), 'x-message': ONE_PRIMARY },
    { ...atMostOneHas('PRIMARY'), 'x-message': ONE_PRIMARY },
    { ...atMostOneHas('SPOUSE'), 'x-message': 'must have at most one member with role SPOUSE' },
  ],
};

/** RJ9T names refuse & ' " ! # < > and double hyphens; the hub's name rules allow apostrophes and hyphens. */
const hubName = (name: string) => name.replace(/'/g, '').replace(/-{2,}/g, '-');

function toFederalRequest(request: VerificationRequest) {
  const household = request.household as HouseholdMember[];
  return {
    ifsvRequest: {
      requestID: REQUEST_ID,
      applicantArray: household.map((member) => ({
        personGivenName: hubName(member.firstName),
        ...(member.middleName ? { personMiddleName: hubName(member.middleName) } : {}),
        personSurName: hubName(member.lastName),
        ...(member.suffix ? { personNameSuffix: hubName(member.suffix) } : {}),
        personSocialSecurityNumber: normalizeSsn(member.ssn),
        taxFilerCategoryCode: member.role,
      })),
    },
  };
}

/** A verification's code: its first non-success ResponseMetadata, HS000000 when it carries none (a return was found). */
function codeOf(verification: IfsvVerification): string {
  const codes = (verification.responseMetadataArray ?? []).map((entry) => entry.responseMetadata.responseCode);
  return codes.find((code) => code !== SUCCESS) ?? SUCCESS;
}

/**
 * What IRS said about the household, one entry per verification it answered (a return found, or a code why
 * not), and the outcome decided by the tax filers' entries (PRIMARY and SPOUSE):
 * - verified: IRS returned tax data for them;
 * - not_verified: the return contradicts the household (HE020003 spouse mismatch; APTC not reconciled);
 * - inconclusive: IRS holds no return information (HE020004), or answered nothing for them.
 * A dependent without a return of their own is normal and does not change the outcome.
 */
function interpret(response: unknown, request: VerificationRequest): Interpretation {
  const household = (response as IfsvResponse).ifsvResponse.household ?? {};
  const roles = new Map((request.household as HouseholdMember[]).map((member) => [normalizeSsn(member.ssn), member.role]));
  const applicants = household.applicantVerificationArray ?? [];
  const dependents = household.dependentVerificationArray ?? [];

  const taxReturns = [...applicants, ...dependents].map((verification) => {
    const r = verification.taxReturn;
    return {
      role: roles.get(r.taxFilerSSN) ?? null,
      ssnLast4: r.taxFilerSSN.slice(-4),
      spouseSsnLast4: r.spouseSSN?.slice(-4) ?? null,
      taxReturnYear: r.taxReturnYear ?? null,
      filingStatusCode: r.taxReturnFilingStatusCode ?? null,
      agi: r.adjustedTaxReturnIncomeAmount ?? null,
      magi: r.taxReturnIncomeAmount ?? null,
      taxableSocialSecurity: r.taxableSocialSecurityBenefitsAmount ?? null,
      exemptions: r.totalExemptionsQuantity ?? null,
      responseCode: codeOf(verification),
    };
  });

  const filerCodes = applicants.map(codeOf);
  const unfavourable = filerCodes.find((code) => UNFAVOURABLE_CODES.has(code));
  const undecided = filerCodes.find((code) => code !== SUCCESS);
  const responseCode = unfavourable ?? undecided ?? SUCCESS;
  const outcome = unfavourable ? 'not_verified' : undecided || applicants.length === 0 ? 'inconclusive' : 'verified';
  return {
    outcome,
    responseCode,
    result: { taxReturns, householdIncome: household.aggregateTaxReturnIncomeAmount ?? null, responseCode },
  };
}

export const ifsv = {
  service: 'ifsv',
  category: 'income',
  source: 'irs',
  mode: 'sync' as const,
  description:
    "Income and Family Size Verification (RJ9T): the IRS's most recent tax return data for a tax household (PRIMARY filer, SPOUSE, DEPENDENTs): filing status, MAGI or AGI, taxable Social Security, exemptions. IRS picks the tax year (the latest it holds). Results are Federal Tax Information (IRS Publication 1075).",
  requestSchema: serviceRequestSchema('ifsv', { household: householdSchema }, ['household']),
  fti: true,
  subjectSsn: (request: VerificationRequest) => (request.household as HouseholdMember[] | undefined)?.find((member) => member.role === 'PRIMARY')?.ssn,
  federal: {
    path: '/hub/ifsv',
    schemas: { folder: 'ifsv-rj9t', request: 'IFSV-Request-schema.json', response: 'IFSV-Response-schema.json' },
    toRequest: toFederalRequest,
    interpret,
  },
} satisfies ServiceDefinition;
