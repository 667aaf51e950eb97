import { issueCaseNumber, readCaseNumber } from './vlp-case-number';

describe('VLP case numbers', () => {
  const digits = Array.from({ length: 10 }, (_, digit) => digit);

  it.each(digits)('carries population digit %i and the five-year-bar flag, in the Hub format', (digit) => {
    for (const fiveYearBarAsked of [true, false]) {
      const caseNumber = issueCaseNumber('person-1', { digit, fiveYearBarAsked });
      expect(caseNumber).toMatch(/^[a-zA-Z0-9]{13}[A-Z]{2}$/);
      expect(readCaseNumber(caseNumber)).toEqual({ digit, fiveYearBarAsked });
    }
  });

  it('is the same for the same subject and differs between subjects', () => {
    const facts = { digit: 6, fiveYearBarAsked: false };
    expect(issueCaseNumber('person-1', facts)).toBe(issueCaseNumber('person-1', facts));
    expect(issueCaseNumber('person-1', facts)).not.toBe(issueCaseNumber('person-2', facts));
  });

  it('recognises a number DHS did not issue: wrong check letter, changed digit, other formats', () => {
    const caseNumber = issueCaseNumber('person-1', { digit: 6, fiveYearBarAsked: true });
    const otherLetter = String.fromCharCode(((caseNumber.charCodeAt(14) - 65 + 1) % 26) + 65);
    expect(readCaseNumber(caseNumber.slice(0, 14) + otherLetter)).toBeUndefined();
    // A step 2 case turned into a step 3 one (6 -> 8) by hand.
    expect(readCaseNumber(caseNumber.slice(0, 12) + '8' + caseNumber.slice(13))).toBeUndefined();
    expect(readCaseNumber('0024172183006TS')).toBeUndefined();
    expect(readCaseNumber('ABC')).toBeUndefined();
  });
});
