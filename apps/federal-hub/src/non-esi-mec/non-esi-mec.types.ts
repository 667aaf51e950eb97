// The Verify Non-ESI MEC (RJ31) wire format, as in schemas/federal/non-esi-rj31 (the simulator's own
// types: it shares none with the hub, see ARCHITECTURE.md).
import { ResponseMetadata } from '../errors/hub-response-codes';
import { MecPerson } from '../hub/mec-person';

/** The trusted data sources of the fan-out, in the order the Hub asks them when the request names none. */
export const ORGANIZATION_CODES = ['MEDC', 'CHIP', 'BHPC', 'MEDI', 'VHPC', 'TRIC', 'PECO'] as const;
export type OrganizationCode = (typeof ORGANIZATION_CODES)[number];

export interface NonEsiIndividualRequest extends MecPerson {
  usStateCode: string;
  /** YYYY-MM-DD */
  insurancePolicyEffectiveDate: string;
  /** YYYY-MM-DD */
  insurancePolicyExpirationDate: string;
  /** Every source when absent. */
  organizationCodeArray?: OrganizationCode[];
}

export interface NonEsiMecRequest {
  // Optional in the schema; the simulator refuses a request without it.
  verifyNonESIMECRequest: { individualRequestArray: NonEsiIndividualRequest[] };
}

export interface Insurance {
  insurancePolicyEffectiveDate: string;
  insurancePolicyExpirationDate?: string;
}

export interface MecCoverage {
  usStateCode?: string;
  mecVerificationCode: 'Y' | 'N' | 'P';
  insuranceArray?: Insurance[];
}

export interface OtherCoverage {
  organizationCode: OrganizationCode;
  mecCoverage?: MecCoverage;
  responseMetadata: ResponseMetadata;
}

export interface NonEsiIndividualResponse extends MecPerson {
  partialResponseIndicator: boolean;
  otherCoverageArray: OtherCoverage[];
}

export interface NonEsiMecResponse {
  verifyNonESIMECResponse: {
    individualResponseArray?: NonEsiIndividualResponse[];
    responseMetadata?: ResponseMetadata;
  };
}
