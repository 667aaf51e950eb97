import { questionsFor } from './ridp-questions';
import { loadRidpSchemas } from './ridp.schemas';

const { response: validResponse } = loadRidpSchemas();
const texts = (reference: string, count: number) => questionsFor(reference, count).map((question) => question.verificationQuestionSet.verificationQuestionText);
const choices = (reference: string) =>
  questionsFor(reference, 5).map((question) => question.verificationQuestionSet.verificationAnswerChoiceArray.map((choice) => choice.verificationAnswerChoiceText));

describe('questionsFor', () => {
  it.each([3, 4, 5])('asks %i different questions, each with distinct choices, valid per the RJ139 response schema', (count) => {
    const questions = questionsFor('HRN0123456789ABCDEF012345', count);
    expect(questions).toHaveLength(count);
    expect(new Set(texts('HRN0123456789ABCDEF012345', count)).size).toBe(count);
    for (const question of questions) {
      const offered = question.verificationQuestionSet.verificationAnswerChoiceArray.map((choice) => choice.verificationAnswerChoiceText);
      expect(offered.length).toBeGreaterThanOrEqual(4);
      expect(new Set(offered).size).toBe(offered.length);
    }
    const body = { ridpResponse: { responseMetadata: { responseCode: 'HS000000', responseText: 'Success' }, verificationQuestionArray: questions, finalDecisionCode: 'RF2' } };
    expect(validResponse(body)).toBe(true);
  });

  it('never makes "none of the above" the first (right) choice', () => {
    for (let n = 0; n < 50; n++) {
      for (const offered of choices(`HRN${n}`)) expect(offered[0]).not.toMatch(/NONE OF THE ABOVE/);
    }
  });

  it('asks the same questions for the same transaction, and others for another', () => {
    expect(questionsFor('HRN-A', 5)).toEqual(questionsFor('HRN-A', 5));
    const others = Array.from({ length: 10 }, (_, n) => JSON.stringify(choices(`HRN-B${n}`)));
    expect(new Set([JSON.stringify(choices('HRN-A')), ...others]).size).toBe(11);
  });

  it('asks a prefix of the same questions when it asks fewer', () => {
    expect(texts('HRN-C', 3)).toEqual(texts('HRN-C', 5).slice(0, 3));
  });
});
