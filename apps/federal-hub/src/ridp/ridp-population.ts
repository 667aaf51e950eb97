import { RidpPrimaryRequest } from './ridp.types';

/** What Experian makes of a primary request (see docs/test-subjects.md). */
export type PrimaryVerdict =
  | { kind: 'decision'; decision: 'ACC' | 'RF1' | 'RF3' | 'RF4' }
  | { kind: 'questions'; count: number }
  /** HE000050: no questions can be formulated, so the person is sent to the call centre (RF1). */
  | { kind: 'cannotFormulate' };

const BY_LAST_DIGIT: readonly PrimaryVerdict[] = [
  { kind: 'decision', decision: 'ACC' },
  { kind: 'decision', decision: 'ACC' },
  { kind: 'decision', decision: 'ACC' },
  { kind: 'questions', count: 3 },
  { kind: 'questions', count: 4 },
  { kind: 'questions', count: 5 },
  { kind: 'cannotFormulate' },
  { kind: 'decision', decision: 'RF1' },
  { kind: 'decision', decision: 'RF3' },
  { kind: 'decision', decision: 'RF4' },
];

/**
 * The digits that decide a synthetic person's fate: the SSN's (any of the three forms the schema takes ends
 * in digits), or the ZIP code's when the SSN is left out, as the schema allows.
 */
const decidingDigits = (primary: RidpPrimaryRequest) => primary.person.personSocialSecurityNumber ?? primary.contactInformation.zipCode;

/** By the last deciding digit: 0-2 ACC; 3, 4, 5 RF2 with 3, 4, 5 questions; 6 HE000050; 7 RF1; 8 RF3; 9 RF4. */
export function primaryVerdict(primary: RidpPrimaryRequest): PrimaryVerdict {
  return BY_LAST_DIGIT[Number(decidingDigits(primary).at(-1))];
}

/** The call centre accepts the person when the second-to-last deciding digit is even, and refuses them when odd. */
export function farsDecision(primary: RidpPrimaryRequest): 'ACC' | 'RF4' {
  return Number(decidingDigits(primary).at(-2)) % 2 === 0 ? 'ACC' : 'RF4';
}

/** The right answer to every question is its first choice: all right ACC, one wrong RF1 (call centre), more RF4. */
export function secondaryDecision(chosenChoices: number[]): 'ACC' | 'RF1' | 'RF4' {
  const wrong = chosenChoices.filter((choice) => choice !== 1).length;
  return wrong === 0 ? 'ACC' : wrong === 1 ? 'RF1' : 'RF4';
}
