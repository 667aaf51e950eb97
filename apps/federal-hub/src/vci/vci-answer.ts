import { SUCCESS_METADATA } from '../errors/hub-response-codes';
import { SubjectDigest } from '../hub/subject-digest';
import { Employment, PayFrequencyCode, VciResponse } from './vci.types';

/** The date every answer's data is current as of: fixed, so that no answer depends on today's date. */
export const AS_OF_DATE = '2025-06-30';

/** The last pay period of each frequency that ended by AS_OF_DATE. */
const LAST_PAY_PERIOD_END: Record<PayFrequencyCode, string> = {
  WEEKLY: '2025-06-27',
  BIWEEKLY: '2025-06-27',
  SEMIMONTHLY: '2025-06-30',
  MONTHLY: '2025-06-30',
};
const PERIODS_PER_YEAR: Record<PayFrequencyCode, number> = { WEEKLY: 52, BIWEEKLY: 26, SEMIMONTHLY: 24, MONTHLY: 12 };

// Fictional employers.
const EMPLOYERS = [
  'Example Manufacturing Co',
  'Sample Health Systems',
  'Placeholder Logistics LLC',
  'Demo County Public Schools',
  'Fictional Foods Inc',
  'Synthetic Software Corp',
  'Mock Retail Group',
  'Specimen Construction LLC',
];

const round2 = (amount: number) => Math.round(amount * 100) / 100;
const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * The Work Number's answer for a person of the synthetic population (docs/test-subjects.md), by the
 * SSN's last digit: 0-5 one current employer; 6 no record; 7 a former employer only (employment ended);
 * 8 two current employers; 9 a current employer and a former one. Figures derive from the SSN.
 */
export function answerPerson(ssn: string): VciResponse {
  const digit = Number(ssn.at(-1));
  const employments =
    digit === 6 ? []
    : digit === 7 ? [employment(ssn, 0, false)]
    : digit === 8 ? [employment(ssn, 0, true), employment(ssn, 1, true)]
    : digit === 9 ? [employment(ssn, 0, true), employment(ssn, 1, false)]
    : [employment(ssn, 0, true)];
  const metadata = employments.length === 0 ? { ...SUCCESS_METADATA, tdsResponseText: 'No employment record found' } : SUCCESS_METADATA;
  return {
    vciResponse: {
      responseMetadata: metadata,
      verificationID: verificationId(ssn),
      asOfDate: AS_OF_DATE,
      ...(employments.length > 0 ? { employmentArray: employments } : {}),
    },
  };
}

/** The person's `index`-th employment (each its own employer); a former one ended in 2024 and was paid until then. */
function employment(ssn: string, index: number, current: boolean): Employment {
  const digest = new SubjectDigest(ssn, `equifax-vci-${index}`);
  const hourly = digest.int(0, 2) === 0;
  const payFrequencyCode: PayFrequencyCode = hourly ? (digest.int(1, 2) === 0 ? 'WEEKLY' : 'BIWEEKLY') : digest.int(1, 2) === 0 ? 'SEMIMONTHLY' : 'MONTHLY';
  const periods = PERIODS_PER_YEAR[payFrequencyCode];
  // Hourly: $12.00-$45.99 for 20-40 hours a week; salaried: $30,000-$149,999 a year.
  const rate = hourly ? round2(12 + digest.int(2, 3400) / 100) : 30_000 + digest.int(2, 120_000);
  const weeklyHours = 20 + digest.int(3, 21);
  const annualized = round2(hourly ? rate * weeklyHours * 52 : rate);
  const terminationDate = `2024-${pad2(1 + digest.int(5, 12))}-${pad2(1 + digest.int(6, 28))}`;
  return {
    employerName: EMPLOYERS[(digest.int(4, EMPLOYERS.length) + index) % EMPLOYERS.length],
    employmentStatusCode: current ? 'ACTIVE' : 'INACTIVE',
    mostRecentHireDate: `${2008 + digest.int(7, 15)}-${pad2(1 + digest.int(5, 12))}-${pad2(1 + digest.int(6, 28))}`,
    ...(current ? {} : { terminationDate }),
    payRateAmount: rate,
    payRateFrequencyCode: hourly ? 'HOURLY' : 'ANNUAL',
    payFrequencyCode,
    annualizedIncomeAmount: annualized,
    payPeriodEndDate: current ? LAST_PAY_PERIOD_END[payFrequencyCode] : terminationDate,
    payPeriodGrossIncomeAmount: round2(annualized / periods),
  };
}

/** The Work Number's tracking number: the same request gets the same one. */
function verificationId(ssn: string): string {
  const digest = new SubjectDigest(ssn, 'equifax-vci-id');
  return `TWN${String(digest.int(0, 1_000_000)).padStart(6, '0')}${String(digest.int(1, 1_000_000)).padStart(6, '0')}`;
}
