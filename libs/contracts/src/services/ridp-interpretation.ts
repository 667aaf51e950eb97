import type { Outcome } from '../verification/verification-resource';

// Reading the Experian legs' answers (RIDP primary and secondary, FARS), which share the final decision codes.

export type FinalDecisionCode = 'ACC' | 'RF1' | 'RF2' | 'RF3' | 'RF4';

export interface ResponseMetadata {
  responseCode: string;
  responseText: string;
}

/** The RJ139 answer, as far as the hub reads it (schemas/federal/ridp-rj139/RIDP-Response-schema.json). */
export interface RidpResponse {
  ridpResponse: {
    responseMetadata?: ResponseMetadata;
    sessionIdentification?: string;
    verificationQuestionArray?: {
      verificationQuestionSet: { verificationQuestionText: string; verificationAnswerChoiceArray: { verificationAnswerChoiceText: string }[] };
    }[];
    finalDecisionCode?: FinalDecisionCode;
    hubReferenceNumber?: string;
  };
}

/** A question as the state shows it; ids are the positions the Hub numbers answers by ("1"-"5"). */
export interface RidpQuestion {
  questionId: string;
  text: string;
  choices: { choiceId: string; text: string }[];
}

/**
 * ACC accepted: verified. RF1 (call centre) and RF2 (questions) are steps still to take: inconclusive.
 * RF3 (use limit) and RF4 (hard fail) are refusals, and so is no decision at all (a timed-out session,
 * an unknown reference number): not_verified, the person has to start again.
 */
export function outcomeOfDecision(decision: FinalDecisionCode | null): Outcome {
  if (decision === 'ACC') return 'verified';
  return decision === 'RF1' || decision === 'RF2' ? 'inconclusive' : 'not_verified';
}

export function questionsOf(response: RidpResponse['ridpResponse']): RidpQuestion[] {
  return (response.verificationQuestionArray ?? []).map(({ verificationQuestionSet: question }, index) => ({
    questionId: String(index + 1),
    text: question.verificationQuestionText,
    choices: question.verificationAnswerChoiceArray.map((choice, position) => ({ choiceId: String(position + 1), text: choice.verificationAnswerChoiceText })),
  }));
}

/** Ids "1"-"5", as the RJ139 request numbers questions and answers. */
export const POSITION_IDS = ['1', '2', '3', '4', '5'] as const;
