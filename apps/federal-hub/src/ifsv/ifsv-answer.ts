import { HubError } from '../errors/hub-error';
import { HubCode } from '../errors/hub-response-codes';
import { SubjectDigest } from '../hub/subject-digest';
import { IfsvApplicant, IfsvHousehold, TaxFilerVerification, TaxReturn } from './ifsv.types';

/** The latest tax year IRS holds returns for: fixed, so that no answer depends on today's date. */
export const LATEST_TAX_YEAR = 2024;

const IRS_TEXT = {
  [HubCode.irsSystemicError]: 'Systemic Error',
  [HubCode.irsSpouseMismatch]: 'Unable to provide income data due to spouse mismatch',
  [HubCode.irsReturnUnavailable]: 'Return information is unavailable',
} as const;

const lastDigit = (applicant: IfsvApplicant) => Number(applicant.personSocialSecurityNumber.at(-1));
const round2 = (amount: number) => Math.round(amount * 100) / 100;
const sum = (amounts: number[]) => amounts.reduce((total, amount) => total + amount, 0);

/**
 * IRS's answer for a tax household of the synthetic population (docs/test-subjects.md), by the last
 * digit of the PRIMARY's SSN: 0-4 a return for LATEST_TAX_YEAR; 5 an adjusted (amended) return, which IRS
 * reports with its AGI only; 6 no return information (HE020004); 7 spouse mismatch (HE020003); 8 a systemic
 * error (HTTP 500 HE020001); 9 a return for the year before (the latest one not filed).
 * The return is joint (status 2, with the spouse's SSN) when the household has a SPOUSE, head of household
 * (4) when it has dependents, single (1) otherwise. Each DEPENDENT answers by their own SSN's last digit: 0-5
 * a return of their own (single, no exemption: they are claimed on another return), 6-9 HE020004.
 * The request must have exactly one PRIMARY and at most one SPOUSE (the simulator checks it when parsing).
 */
export function answerHousehold(applicants: IfsvApplicant[]): IfsvHousehold {
  const primary = applicants.find((applicant) => applicant.taxFilerCategoryCode === 'PRIMARY')!;
  const spouse = applicants.find((applicant) => applicant.taxFilerCategoryCode === 'SPOUSE');
  const dependents = applicants.filter((applicant) => applicant.taxFilerCategoryCode === 'DEPENDENT');
  const digit = lastDigit(primary);
  if (digit === 8) throw new HubError(500, HubCode.irsSystemicError, IRS_TEXT[HubCode.irsSystemicError]);

  const year = digit === 9 ? LATEST_TAX_YEAR - 1 : LATEST_TAX_YEAR;
  const filers = spouse ? [primary, spouse] : [primary];
  const applicantVerifications: TaxFilerVerification[] =
    digit === 6 ? filers.map((filer) => withoutReturn(filer, HubCode.irsReturnUnavailable))
    : digit === 7 ? [withoutReturn(primary, HubCode.irsSpouseMismatch)]
    : [{ taxReturn: filerReturn(primary, spouse, dependents.length, year, digit === 5) }];
  const dependentVerifications = dependents.map((dependent) =>
    lastDigit(dependent) <= 5 ? { taxReturn: dependentReturn(dependent, year) } : withoutReturn(dependent, HubCode.irsReturnUnavailable),
  );

  const household: IfsvHousehold = {
    // The return-level incomes of every return found; an adjusted return's AGI is not part of it.
    aggregateTaxReturnIncomeAmount: sum([...applicantVerifications, ...dependentVerifications].map((v) => v.taxReturn.taxReturnIncomeAmount ?? 0)),
    applicantVerificationArray: applicantVerifications,
  };
  if (dependentVerifications.length > 0) household.dependentVerificationArray = dependentVerifications;
  return household;
}

/** One person's figures, derived from the SSN: whole-dollar income (IRS sends no cents), taxable Social Security. */
function figures(applicant: IfsvApplicant) {
  const digest = new SubjectDigest(applicant.personSocialSecurityNumber, 'irs-ifsv');
  return {
    income: 15_000 + digest.int(0, 110_000),
    taxableSocialSecurity: digest.int(1, 5) === 0 ? round2(1_000 + digest.int(2, 1_500_000) / 100) : 0,
    dependentIncome: 1_000 + digest.int(3, 11_000),
  };
}

function filerReturn(primary: IfsvApplicant, spouse: IfsvApplicant | undefined, dependentCount: number, year: number, adjusted: boolean): TaxReturn {
  const filers = (spouse ? [primary, spouse] : [primary]).map(figures);
  const income = sum(filers.map((f) => f.income));
  return {
    taxFilerSSN: primary.personSocialSecurityNumber,
    ...(spouse ? { spouseSSN: spouse.personSocialSecurityNumber } : {}),
    taxReturnYear: year,
    taxReturnFilingStatusCode: spouse ? '2' : dependentCount > 0 ? '4' : '1',
    // IRS gives an adjusted return's AGI, and neither the return-level income nor taxable Social Security.
    ...(adjusted
      ? { adjustedTaxReturnIncomeAmount: income }
      : { taxReturnIncomeAmount: income, taxableSocialSecurityBenefitsAmount: round2(sum(filers.map((f) => f.taxableSocialSecurity))) }),
    totalExemptionsQuantity: filers.length + dependentCount,
  };
}

function dependentReturn(dependent: IfsvApplicant, year: number): TaxReturn {
  return {
    taxFilerSSN: dependent.personSocialSecurityNumber,
    taxReturnYear: year,
    taxReturnFilingStatusCode: '1',
    taxReturnIncomeAmount: figures(dependent).dependentIncome,
    taxableSocialSecurityBenefitsAmount: 0,
    totalExemptionsQuantity: 0,
  };
}

function withoutReturn(applicant: IfsvApplicant, code: typeof HubCode.irsSpouseMismatch | typeof HubCode.irsReturnUnavailable): TaxFilerVerification {
  return {
    taxReturn: { taxFilerSSN: applicant.personSocialSecurityNumber },
    responseMetadataArray: [{ responseMetadata: { responseCode: code, responseText: IRS_TEXT[code] } }],
  };
}
