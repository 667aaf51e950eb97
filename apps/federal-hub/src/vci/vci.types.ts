// The VCI wire format, as in schemas/federal/vci (dxhub's own schema in the Hub's style: CMS publishes
// none for VCI). The simulator's own types: it shares none with the hub, see ARCHITECTURE.md.
import { ResponseMetadata } from '../errors/hub-response-codes';

export interface VciRequest {
  vciRequest: {
    personSocialSecurityNumber: string;
    personGivenName?: string;
    personMiddleName?: string;
    personSurName: string;
    personBirthDate: string;
  };
}

export type EmploymentStatusCode = 'ACTIVE' | 'ON_LEAVE' | 'INACTIVE';
export type PayRateFrequencyCode = 'HOURLY' | 'WEEKLY' | 'BIWEEKLY' | 'SEMIMONTHLY' | 'MONTHLY' | 'ANNUAL';
export type PayFrequencyCode = 'WEEKLY' | 'BIWEEKLY' | 'SEMIMONTHLY' | 'MONTHLY';

export interface Employment {
  employerName: string;
  employmentStatusCode: EmploymentStatusCode;
  mostRecentHireDate?: string;
  terminationDate?: string;
  payRateAmount?: number;
  payRateFrequencyCode?: PayRateFrequencyCode;
  payFrequencyCode?: PayFrequencyCode;
  annualizedIncomeAmount?: number;
  payPeriodEndDate?: string;
  payPeriodGrossIncomeAmount?: number;
}

export interface ResponseMetadataWithSource extends ResponseMetadata {
  tdsResponseText?: string;
}

export interface VciResponse {
  vciResponse: {
    responseMetadata: ResponseMetadataWithSource;
    verificationID?: string;
    asOfDate?: string;
    employmentArray?: Employment[];
  };
}
