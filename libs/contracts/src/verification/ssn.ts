// SSA's rules for a valid SSN: area (first 3) not 000, 666 or 900-999; group (middle 2) not 00; serial
// (last 4) not 0000. Accepts 123-45-6789 or 123456789 (not a mix of the two).
export const SSN_PATTERN = '^(?!000|666|9)\\d{3}(-?)(?!00)\\d{2}\\1(?!0000)\\d{4}$';
const SSN_REGEX = new RegExp(SSN_PATTERN);

export const SSN_RULES_MESSAGE =
  'must be a valid SSN: 123-45-6789 or 123456789, area not 000, 666 or 900-999, group not 00, serial not 0000';

export function isValidSsn(ssn: string): boolean {
  return SSN_REGEX.test(ssn);
}

/** The nine digits, as the federal side wants them. Call only on a valid SSN. */
export function normalizeSsn(ssn: string): string {
  return ssn.replace(/-/g, '');
}

export function ssnLast4(ssn: string): string {
  return normalizeSsn(ssn).slice(-4);
}
