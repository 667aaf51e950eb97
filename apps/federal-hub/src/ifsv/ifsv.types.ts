// The IFSV (RJ9T) wire format, as in schemas/federal/ifsv-rj9t (the simulator's own types:
// it shares none with the hub, see ARCHITECTURE.md).
import { ResponseMetadata } from '../errors/hub-response-codes';

export type TaxFilerCategoryCode = 'PRIMARY' | 'SPOUSE' | 'DEPENDENT';

export interface IfsvApplicant {
  personGivenName: string;
  personMiddleName?: string;
  personSurName: string;
  personNameSuffix?: string;
  personSocialSecurityNumber: string;
  taxFilerCategoryCode: TaxFilerCategoryCode;
}

export interface IfsvRequest {
  ifsvRequest: { requestID: string; applicantArray: IfsvApplicant[] };
}

/** '0' single filing estimated tax, '1' single, '2' married joint, '3' married separate (spouse exemption not
 * claimed), '4' head of household claiming a dependent, '5' widow(er), '6' married separate (spouse exemption
 * claimed), '7' head of household not claiming the dependent. */
export type FilingStatusCode = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7';

export interface TaxReturn {
  taxFilerSSN: string;
  spouseSSN?: string;
  taxReturnYear?: number;
  taxReturnFilingStatusCode?: FilingStatusCode;
  adjustedTaxReturnIncomeAmount?: number;
  taxReturnIncomeAmount?: number;
  taxableSocialSecurityBenefitsAmount?: number;
  totalExemptionsQuantity?: number;
}

export interface MetadataEntry {
  responseMetadata: ResponseMetadata;
  xPathText?: string;
}

export interface TaxFilerVerification {
  taxReturn: TaxReturn;
  responseMetadataArray?: MetadataEntry[];
}

export interface IfsvHousehold {
  aggregateTaxReturnIncomeAmount?: number;
  applicantVerificationArray?: TaxFilerVerification[];
  dependentVerificationArray?: TaxFilerVerification[];
}

/** Either a request-level failure (responseMetadataArray) or an answer (requestID and household), never both. */
export interface IfsvResponse {
  ifsvResponse: { responseMetadataArray: MetadataEntry[] } | { requestID: string; household: IfsvHousehold };
}
