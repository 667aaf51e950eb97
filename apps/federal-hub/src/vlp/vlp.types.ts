// The VLP wire format, as in schemas/federal/vlp (the simulator's own types: it shares none with the
// hub, see ARCHITECTURE.md).
import { ResponseMetadata } from '../errors/hub-response-codes';

export type VerificationCode = 'Y' | 'N' | 'P' | 'X';

export interface PassportCountry {
  passportNumber: string;
  countryOfIssuance: string;
}

/** The fields any DHSID document element may carry (each element has its own subset, see the schema). */
export interface DhsDocument {
  alienNumber?: string;
  receiptNumber?: string;
  i94Number?: string;
  sevisId?: string;
  passportNumber?: string;
  countryOfIssuance?: string;
  passportCountry?: PassportCountry;
  visaNumber?: string;
  citizenshipNumber?: string;
  naturalizationNumber?: string;
  docExpirationDate?: string;
  docDescReq?: string;
}

/** Exactly one element, e.g. `{ i551DocumentID: {...} }`. */
export type DhsId = Record<string, DhsDocument>;

export interface InitialVerificationRequestSet {
  dhsId: DhsId;
  firstName: string;
  middleName?: string;
  lastName: string;
  dateOfBirth: string;
  fiveYearBarApplicabilityIndicator: boolean;
  requestSponsorDataIndicator: boolean;
  requestGrantDateIndicator: boolean;
  requesterCommentsForHub?: string;
}

export interface VlpStep1Request {
  initialVerificationRequest: { initialVerificationRequestSetArray: InitialVerificationRequestSet[] };
}

export interface SponsorshipData {
  lastName: string;
  firstName: string;
  middleName?: string;
  addr1?: string;
  city?: string;
  stateProvince?: string;
  zipPostalCode?: string;
  countryCode?: string;
}

/** DHS's determination on a case: step 1's response set, or a step 2/3 case resolution. */
export interface CaseDetermination {
  caseNumber: string;
  eligStatementCd: number;
  eligStatementTxt: string;
  webServSftwrVer: string;
  agencyAction: string;
  fiveYearBarApplyCode: VerificationCode;
  qualifiedNonCitizenCode: VerificationCode;
  fiveYearBarMetCode: VerificationCode;
  usCitizenCode: VerificationCode;
  grantDate?: string;
}

export interface InitialVerificationIndividualResponseSet extends CaseDetermination {
  nonCitCoaCode?: string;
  grantDateReasonCd?: string;
  sponsorDataFoundIndicator?: boolean;
  arrayOfSponsorshipData?: SponsorshipData[];
}

export interface InitialVerificationIndividualResponse {
  responseMetadata: ResponseMetadata;
  lawfulPresenceVerifiedCode: VerificationCode;
  initialVerificationIndividualResponseSet?: InitialVerificationIndividualResponseSet;
}

export interface VlpStep1Response {
  initialVerificationResponse: {
    responseMetadata: ResponseMetadata;
    initialVerificationResponseSet?: { initialVerificationIndividualResponseArray: InitialVerificationIndividualResponse[] };
  };
}

export interface CaseResolution extends CaseDetermination {
  lawfulPresenceVerifiedCode: VerificationCode;
}

/** Initiate step 2 or 3, or close a case: under the root element of the operation. */
export interface CaseActionRequest {
  caseNumber: string;
  lastName?: string;
  requesterCommentsForHub?: string;
}

export interface CaseAcknowledgement {
  caseNumber: string;
  webServSftwrVer: string;
}
