import { SubjectDigest } from '../hub/subject-digest';

// A case number is 15 characters like DHS's (13 letters or digits, 2 upper case letters): 12 digits from
// a digest of the step 1 request, the population digit that decides every step's answer, a letter that
// says whether step 1 asked about the five-year bar (B) or not (N), and a check letter. So every later step
// reads its answer from the case number alone, and a number DHS never issued is recognised.

const FORMAT = /^[0-9]{13}[BN][A-Z]$/;

export interface CaseFacts {
  digit: number;
  fiveYearBarAsked: boolean;
}

export function issueCaseNumber(subjectKey: string, facts: CaseFacts): string {
  const digest = new SubjectDigest(subjectKey, 'vlp-case');
  const serial = [0, 1].map((slot) => String(digest.int(slot, 1_000_000)).padStart(6, '0')).join('');
  const body = `${serial}${facts.digit}${facts.fiveYearBarAsked ? 'B' : 'N'}`;
  return body + checkLetter(body);
}

/** What the case number says, or undefined when DHS did not issue it. */
export function readCaseNumber(caseNumber: string): CaseFacts | undefined {
  if (!FORMAT.test(caseNumber) || checkLetter(caseNumber.slice(0, 14)) !== caseNumber[14]) return undefined;
  return { digit: Number(caseNumber[12]), fiveYearBarAsked: caseNumber[13] === 'B' };
}

const checkLetter = (body: string) => String.fromCharCode(65 + new SubjectDigest(body, 'vlp-case-check').int(0, 26));
