import type { Outcome } from '../../verification/verification-resource';
import type { Interpretation } from '../service-definition';

/** What DHS determined on a case (step 1, or the resolution of step 2 or 3), in the Hub's field names. */
export interface VlpDetermination {
  caseNumber: string;
  lawfulPresenceVerifiedCode: string;
  eligStatementCd: number;
  eligStatementTxt: string;
  agencyAction: string;
  qualifiedNonCitizenCode: string;
  fiveYearBarApplyCode: string;
  fiveYearBarMetCode: string;
  usCitizenCode: string;
  grantDate?: string;
}

/** The `agencyAction` values that send the agency to another step (anything else: close the case). */
export const VLP_AGENCY_ACTION = {
  additionalVerification: 'InitiateAdditionalVerif',
  thirdVerification: 'InitiateThirdVerif',
  reverify: 'Reverify',
} as const;

export type VlpNextStep = 'vlp-step1' | 'vlp-step2' | 'vlp-step3' | 'vlp-close-case';

/** Which service the state calls next, so that it need not know DHS's agency actions. */
export function nextStepOf(determination: VlpDetermination): VlpNextStep {
  switch (determination.agencyAction) {
    case VLP_AGENCY_ACTION.additionalVerification:
      return 'vlp-step2';
    case VLP_AGENCY_ACTION.thirdVerification:
      return 'vlp-step3';
    case VLP_AGENCY_ACTION.reverify:
      return 'vlp-step1';
    default:
      return 'vlp-close-case';
  }
}

/**
 * Y is verified and N not verified; P (pending) and X (not applicable), an agency action that asks for
 * another step, and an answer without a determination (an HE code) are inconclusive: DHS has not decided.
 */
function outcomeOf(determination: VlpDetermination | undefined, responseCode: string): Outcome {
  if (!determination || !responseCode.startsWith('HS')) return 'inconclusive';
  if (nextStepOf(determination) !== 'vlp-close-case') return 'inconclusive';
  const code = determination.lawfulPresenceVerifiedCode;
  return code === 'Y' ? 'verified' : code === 'N' ? 'not_verified' : 'inconclusive';
}

/**
 * A final VLP answer as the hub keeps it: every determination field present (null when DHS gave none),
 * the next step, and `extra` (step 1's grant date and sponsors, when asked).
 */
export function interpretDetermination(
  determination: VlpDetermination | undefined,
  responseCode: string,
  caseNumber: string | null,
  extra: Record<string, unknown> = {},
): Interpretation {
  const d = determination;
  return {
    outcome: outcomeOf(d, responseCode),
    responseCode,
    result: {
      caseNumber: d?.caseNumber ?? caseNumber,
      lawfulPresenceVerifiedCode: d?.lawfulPresenceVerifiedCode ?? null,
      eligStatementCd: d?.eligStatementCd ?? null,
      eligStatementTxt: d?.eligStatementTxt ?? null,
      agencyAction: d?.agencyAction ?? null,
      qualifiedNonCitizenCode: d?.qualifiedNonCitizenCode ?? null,
      fiveYearBarApplyCode: d?.fiveYearBarApplyCode ?? null,
      fiveYearBarMetCode: d?.fiveYearBarMetCode ?? null,
      usCitizenCode: d?.usCitizenCode ?? null,
      ...(d?.grantDate !== undefined ? { grantDate: d.grantDate } : {}),
      ...extra,
      nextStep: d ? nextStepOf(d) : null,
      responseCode,
    },
  };
}
