import { ResponseMetadata, SUCCESS_METADATA } from '../errors/hub-response-codes';
import { SubjectDigest } from '../hub/subject-digest';
import { ApplicantMecInformation, EsiApplicantRequest, EsiApplicantResponse } from './esi-mec.types';

/** The simulator's own per-applicant code (DOMAIN.md lists none for RJ14): OPM holds no record of the person. */
export const APPLICANT_NOT_FOUND: ResponseMetadata = { responseCode: 'HE014001', responseText: 'Applicant not found in the trusted data source records' };

/**
 * OPM's answer for one applicant of the synthetic population, by the SSN's last digit:
 * 0-4 neither eligible for nor enrolled in employer coverage; 5 eligible, not enrolled; 6 eligible and
 * enrolled; 7 enrolled without being eligible as an employee (e.g. as a dependant); 8 inconsistent data
 * (no indicators); 9 no record (HE014001, no coverage information). Premiums derive from the SSN.
 */
export function answerApplicant(request: EsiApplicantRequest): EsiApplicantResponse {
  const ssn = request.personSocialSecurityNumber;
  const lastDigit = Number(ssn.at(-1));
  if (lastDigit === 9) return { personSocialSecurityNumber: ssn, responseMetadata: APPLICANT_NOT_FOUND };
  return { personSocialSecurityNumber: ssn, applicantMECInformation: mecInformation(request, lastDigit), responseMetadata: SUCCESS_METADATA };
}

function mecInformation(request: EsiApplicantRequest, lastDigit: number): ApplicantMecInformation {
  // Echo only the period's own two dates: the schema lets other properties through, the answer does not need them.
  const { startDate, endDate } = request.requestedCoveragePeriod;
  const requestedCoveragePeriod = { startDate, endDate };
  if (lastDigit === 8) return { requestedCoveragePeriod, inconsistencyIndicator: true };
  const eligible = lastDigit === 5 || lastDigit === 6;
  const insured = lastDigit === 6 || lastDigit === 7;
  return {
    requestedCoveragePeriod,
    applicantEligibleESIIndicator: eligible,
    applicantInsuredIndicator: insured,
    inconsistencyIndicator: false,
    ...(eligible ? { employeeMonthlyPremiumAmount: monthlyPremium(request.personSocialSecurityNumber) } : {}),
  };
}

/** The employee's share of the lowest-cost self-only plan: 50.00 to 499.99 a month. */
function monthlyPremium(ssn: string): number {
  // Whole cents divided once, so the amount is the double nearest to its two-decimal value.
  return (5_000 + new SubjectDigest(ssn, 'esi-premium').int(0, 45_000)) / 100;
}
