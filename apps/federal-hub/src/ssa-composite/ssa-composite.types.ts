// The SSA Composite (RJ3) wire format, as in schemas/federal/ssa-rj3 (the simulator's own types:
// it shares none with the hub, see ARCHITECTURE.md).
import { ResponseMetadata } from '../errors/hub-response-codes';

export interface SsaIndividualRequest {
  personSocialSecurityNumber: string;
  personGivenName?: string;
  personMiddleName?: string;
  personSurName: string;
  personBirthDate: string;
  requestCitizenshipVerificationIndicator: boolean;
  requestIncarcerationVerificationIndicator: boolean;
  requestTitleIIMonthlyIncomeVerificationIndicator: boolean;
  requestTitleIIAnnualIncomeVerificationIndicator: boolean;
  requestQuartersOfCoverageVerificationIndicator: boolean;
  /** YYYYMM */
  requestTitleIIMonthlyIncomeDate?: string;
  /** YYYY */
  requestTitleIIAnnualIncomeDate?: string;
}

export interface SsaCompositeRequest {
  ssaCompositeRequest: { ssaCompositeIndividualRequestArray: SsaIndividualRequest[] };
}

export interface SupervisionFacility {
  facilityName: string;
  facilityLocationStreet: string;
  facilityLocationCityName: string;
  facilityLocationStateCode: string;
  facilityLocationPostalCode: string;
  facilityContactPersonFullName: string;
  facilityContactTelephoneNumber: string;
  facilityContactFaxNumber: string;
  facilityCategoryCode: string;
}

export interface IncarcerationInformation {
  prisonerIdentification: string;
  prisonerConfinementDate: string;
  reportingPersonText: string;
  supervisionFacility: SupervisionFacility;
  inmateStatusIndicator: boolean;
}

export interface MonthInformation {
  incomeMonthYear: string;
  benefitCreditedAmount: number;
  overpaymentDeductionAmount: number;
  priorMonthAccrualAmount: number;
  returnedCheckAmount: number;
  paymentInSuspenseIndicator: boolean;
  netMonthlyBenefitCreditedAmount: number;
  monthlyIncomeAmount: number;
}

export interface TitleIIMonthlyIncome {
  personDisabledIndicator: boolean;
  ongoingMonthlyBenefitCreditedAmount: number;
  ongoingMonthlyOverpaymentDeductionAmount: number;
  ongoingPaymentInSuspenseIndicator: boolean;
  requestedMonthInformation: MonthInformation;
  requestedMonthMinusOneInformation?: MonthInformation;
  requestedMonthMinusTwoInformation?: MonthInformation;
  requestedMonthMinusThreeInformation?: MonthInformation;
}

export interface TitleIIYearlyIncome {
  incomeYear: string;
  yearlyIncomeAmount: number;
}

export interface QuartersOfCoverage {
  lifeTimeQuarterQuantity: number;
  qualifyingYearAndQuarterArray?: { qualifyingYear: number; qualifyingQuarter: number }[];
}

export interface SsaResponse {
  ssnVerificationIndicator: boolean;
  deathConfirmationCode?: 'Confirmed' | 'Unconfirmed';
  personUSCitizenIndicator?: boolean;
  personIncarcerationInformationIndicator?: boolean;
  ssaTitleIIMonthlyIncomeInformationIndicator?: boolean;
  ssaTitleIIAnnualIncomeInformationIndicator?: boolean;
  ssaQuartersOfCoverageInformationIndicator?: boolean;
  ssaIncarcerationInformation?: IncarcerationInformation;
  ssaTitleIIMonthlyIncome?: TitleIIMonthlyIncome;
  ssaTitleIIYearlyIncome?: TitleIIYearlyIncome;
  ssaQuartersOfCoverage?: QuartersOfCoverage;
}

export interface SsaIndividualResponse {
  responseMetadata: ResponseMetadata;
  personSocialSecurityNumber: string;
  ssaResponse?: SsaResponse;
}

export interface SsaCompositeResponse {
  ssaCompositeResponse: {
    responseMetadata: ResponseMetadata;
    ssaCompositeIndividualResponseArray?: SsaIndividualResponse[];
  };
}
