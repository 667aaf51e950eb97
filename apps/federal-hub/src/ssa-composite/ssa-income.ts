import { SubjectDigest } from '../hub/subject-digest';
import { MonthInformation, QuartersOfCoverage, TitleIIMonthlyIncome, TitleIIYearlyIncome } from './ssa-composite.types';

/** The synthetic earnings records end with this year, so that no answer depends on today's date. */
const LAST_EARNINGS_YEAR = 2024;
/** Income dates before 2000 do not fit the response schema's YYYYMM pattern: such months are left out. */
const FIRST_INCOME_YEAR = 2000;

const round2 = (amount: number) => Math.round(amount * 100) / 100;

/** One person's Title II benefit, the same every month: the amounts only depend on the SSN. */
function monthlyBenefit(ssn: string) {
  const digest = new SubjectDigest(ssn, 'ssa-title-ii');
  const credited = round2(800 + digest.int(0, 2000) + digest.int(1, 100) / 100);
  const deduction = digest.int(2, 4) === 0 ? 25 + digest.int(3, 75) : 0;
  return { credited, deduction, net: round2(credited - deduction), disabled: digest.int(4, 5) === 0 };
}

export function titleIIMonthlyIncome(ssn: string, yyyymm: string): TitleIIMonthlyIncome {
  const benefit = monthlyBenefit(ssn);
  const month = (monthsBack: number): MonthInformation | undefined => {
    const incomeMonthYear = monthBefore(yyyymm, monthsBack);
    if (incomeMonthYear === undefined) return undefined;
    return {
      incomeMonthYear,
      benefitCreditedAmount: benefit.credited,
      overpaymentDeductionAmount: benefit.deduction,
      priorMonthAccrualAmount: 0,
      returnedCheckAmount: 0,
      paymentInSuspenseIndicator: false,
      netMonthlyBenefitCreditedAmount: benefit.net,
      monthlyIncomeAmount: benefit.net,
    };
  };
  const income: TitleIIMonthlyIncome = {
    personDisabledIndicator: benefit.disabled,
    ongoingMonthlyBenefitCreditedAmount: benefit.credited,
    ongoingMonthlyOverpaymentDeductionAmount: benefit.deduction,
    ongoingPaymentInSuspenseIndicator: false,
    requestedMonthInformation: month(0)!, // the requested month itself matches the request schema's pattern
  };
  const minusOne = month(1);
  const minusTwo = month(2);
  const minusThree = month(3);
  if (minusOne) income.requestedMonthMinusOneInformation = minusOne;
  if (minusTwo) income.requestedMonthMinusTwoInformation = minusTwo;
  if (minusThree) income.requestedMonthMinusThreeInformation = minusThree;
  return income;
}

export function titleIIYearlyIncome(ssn: string, yyyy: string): TitleIIYearlyIncome {
  return { incomeYear: yyyy, yearlyIncomeAmount: round2(12 * monthlyBenefit(ssn).net) };
}

/** Work from about age 18-22 to 66 or the last earnings year, mostly full years of four quarters. */
export function quartersOfCoverage(ssn: string, birthDate: string): QuartersOfCoverage {
  const digest = new SubjectDigest(ssn, 'ssa-quarters');
  const birthYear = Number(birthDate.slice(0, 4));
  const first = Math.max(1937, birthYear + 18 + digest.int(0, 5));
  const last = Math.min(LAST_EARNINGS_YEAR, birthYear + 66);
  const years: { qualifyingYear: number; qualifyingQuarter: number }[] = [];
  for (let year = first; year <= last; year++) {
    const partial = (digest.int(1, 1000) + year) % 7 === 0;
    years.push({ qualifyingYear: year, qualifyingQuarter: partial ? 1 + ((digest.int(2, 3) + year) % 3) : 4 });
  }
  const lifeTimeQuarterQuantity = years.reduce((sum, year) => sum + year.qualifyingQuarter, 0);
  return years.length > 0 ? { lifeTimeQuarterQuantity, qualifyingYearAndQuarterArray: years } : { lifeTimeQuarterQuantity };
}

/** YYYYMM `monthsBack` months before `yyyymm`, or undefined before FIRST_INCOME_YEAR. */
function monthBefore(yyyymm: string, monthsBack: number): string | undefined {
  const index = Number(yyyymm.slice(0, 4)) * 12 + Number(yyyymm.slice(4, 6)) - 1 - monthsBack;
  const year = Math.floor(index / 12);
  return year < FIRST_INCOME_YEAR ? undefined : `${year}${String((index % 12) + 1).padStart(2, '0')}`;
}
