import { farsDecision, primaryVerdict, secondaryDecision } from './ridp-population';
import { primaryMessage } from './ridp-test-messages';

const primary = (ssn: string | undefined, zipCode = '02101') => primaryMessage({ personSocialSecurityNumber: ssn }, { zipCode }).ridpRequest.primaryRequest!;

describe('primaryVerdict', () => {
  it.each([
    ['123456780', { kind: 'decision', decision: 'ACC' }],
    ['123456781', { kind: 'decision', decision: 'ACC' }],
    ['123456782', { kind: 'decision', decision: 'ACC' }],
    ['123456783', { kind: 'questions', count: 3 }],
    ['123456784', { kind: 'questions', count: 4 }],
    ['123456785', { kind: 'questions', count: 5 }],
    ['123456786', { kind: 'cannotFormulate' }],
    ['123456787', { kind: 'decision', decision: 'RF1' }],
    ['123456788', { kind: 'decision', decision: 'RF3' }],
    ['123456789', { kind: 'decision', decision: 'RF4' }],
  ])('decides SSN %s by its last digit', (ssn, verdict) => {
    expect(primaryVerdict(primary(ssn))).toEqual(verdict);
  });

  it('reads the last digit of every SSN form the schema takes', () => {
    for (const ssn of ['123-45-6789', '123456789', '6789']) expect(primaryVerdict(primary(ssn))).toEqual({ kind: 'decision', decision: 'RF4' });
  });

  it('decides by the ZIP code when there is no SSN, and ignores the ZIP code when there is one', () => {
    expect(primaryVerdict(primary(undefined, '02109'))).toEqual({ kind: 'decision', decision: 'RF4' });
    expect(primaryVerdict(primary(undefined, '02103'))).toEqual({ kind: 'questions', count: 3 });
    expect(primaryVerdict(primary('123456780', '02109'))).toEqual({ kind: 'decision', decision: 'ACC' });
  });
});

describe('farsDecision', () => {
  it('accepts when the second-to-last digit is even and refuses when it is odd', () => {
    expect(farsDecision(primary('123456707'))).toBe('ACC');
    expect(farsDecision(primary('123456787'))).toBe('ACC');
    expect(farsDecision(primary('123456717'))).toBe('RF4');
    expect(farsDecision(primary('123-45-6797'))).toBe('RF4');
  });

  it('reads the ZIP code when there is no SSN', () => {
    expect(farsDecision(primary(undefined, '02107'))).toBe('ACC');
    expect(farsDecision(primary(undefined, '02117'))).toBe('RF4');
  });
});

describe('secondaryDecision', () => {
  it('accepts when every choice is the first, sends one wrong answer to the call centre, fails more', () => {
    expect(secondaryDecision([1, 1, 1])).toBe('ACC');
    expect(secondaryDecision([1, 1, 1, 1, 1])).toBe('ACC');
    expect(secondaryDecision([1, 2, 1])).toBe('RF1');
    expect(secondaryDecision([5, 1, 1, 1])).toBe('RF1');
    expect(secondaryDecision([2, 3, 1])).toBe('RF4');
    expect(secondaryDecision([2, 2, 2, 2, 2])).toBe('RF4');
  });
});
