// The Verify ESI MEC (RJ14) wire format, as in schemas/federal/esi-rj14 (the simulator's own types:
// it shares none with the hub, see ARCHITECTURE.md).
import { ResponseMetadata } from '../errors/hub-response-codes';
import { MecPerson } from '../hub/mec-person';

export interface RequestedCoveragePeriod {
  /** YYYY-MM-DD */
  startDate: string;
  /** YYYY-MM-DD */
  endDate: string;
}

export interface EsiApplicantRequest extends MecPerson {
  usStateCode: string;
  requestedCoveragePeriod: RequestedCoveragePeriod;
}

export interface EsiMecRequest {
  // Optional in the schema; the simulator refuses a request without it.
  esiMECRequest: { applicantRequestArray: EsiApplicantRequest[] };
}

export interface ApplicantMecInformation {
  requestedCoveragePeriod: RequestedCoveragePeriod;
  applicantEligibleESIIndicator?: boolean;
  applicantInsuredIndicator?: boolean;
  inconsistencyIndicator: boolean;
  employeeMonthlyPremiumAmount?: number;
}

export interface EsiApplicantResponse {
  personSocialSecurityNumber: string;
  applicantMECInformation?: ApplicantMecInformation;
  responseMetadata: ResponseMetadata;
}

export interface EsiMecResponse {
  esiMECResponse: {
    applicantResponseArray?: EsiApplicantResponse[];
    responseMetadata?: ResponseMetadata;
  };
}
