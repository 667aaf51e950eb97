import { schemaViolation } from '../hub/federal-schemas';
import { RidpAnswer } from './ridp.types';

/**
 * The choice made for each question asked, in question order (choices counted from 1). Answers that do not
 * fit the session's questions (one not asked, asked twice, a choice not offered, a question left out) are
 * the Hub's 400 HE007000: a client that shows its user the questions it was given cannot send them.
 */
export function chosenChoices(choiceCounts: number[], answers: RidpAnswer[]): number[] {
  const chosen = new Map<number, number>();
  for (const answer of answers) {
    // The schema leaves the set untyped: a non-object passes it.
    const set = answer.verificationAnswerSet as Partial<RidpAnswer['verificationAnswerSet']> | null;
    const question = Number(set?.verificationQuestionNumber);
    const choice = Number(set?.verificationAnswer);
    if (!Number.isInteger(question) || question < 1 || question > choiceCounts.length) {
      reject(`an answer names a question that was not asked (questions 1-${choiceCounts.length})`);
    }
    if (chosen.has(question)) reject(`question ${question} is answered twice`);
    if (!Number.isInteger(choice) || choice < 1 || choice > choiceCounts[question - 1]) {
      reject(`question ${question} offers choices 1-${choiceCounts[question - 1]} only`);
    }
    chosen.set(question, choice);
  }
  return choiceCounts.map((_count, index) => chosen.get(index + 1) ?? reject(`question ${index + 1} is not answered`));
}

function reject(problem: string): never {
  throw schemaViolation(`/ridpRequest/secondaryRequest/verificationAnswerArray does not fit the session: ${problem}`);
}
