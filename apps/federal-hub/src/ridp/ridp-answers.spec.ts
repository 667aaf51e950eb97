import { HubError } from '../errors/hub-error';
import { chosenChoices } from './ridp-answers';
import { RidpAnswer } from './ridp.types';

const answer = (question: string, choice: string): RidpAnswer => ({ verificationAnswerSet: { verificationQuestionNumber: question, verificationAnswer: choice } });

function rejection(run: () => unknown): HubError {
  try {
    run();
  } catch (error) {
    return error as HubError;
  }
  throw new Error('expected a rejection');
}

describe('chosenChoices', () => {
  const counts = [5, 4, 5];

  it('gives the choice of each question in question order, whatever the answers order and number form', () => {
    expect(chosenChoices(counts, [answer('03', '5'), answer('1', '01'), answer('2', '4')])).toEqual([1, 4, 5]);
  });

  it.each([
    ['a question that was not asked', [answer('1', '1'), answer('2', '1'), answer('4', '1')], /question that was not asked \(questions 1-3\)/],
    ['a question answered twice', [answer('1', '1'), answer('1', '2'), answer('2', '1')], /question 1 is answered twice/],
    ['a choice the question does not offer', [answer('1', '1'), answer('2', '5'), answer('3', '1')], /question 2 offers choices 1-4 only/],
    ['a question left out', [answer('1', '1'), answer('2', '1')], /question 3 is not answered/],
  ])('answers %s with the Hub 400 HE007000', (_label, answers, text) => {
    const error = rejection(() => chosenChoices(counts, answers));
    expect(error).toBeInstanceOf(HubError);
    expect(error).toMatchObject({ status: 400, responseCode: 'HE007000', responseText: expect.stringMatching(text) });
  });

  it('rejects an answer set that is not an object (the schema leaves it untyped)', () => {
    const answers = [answer('1', '1'), answer('2', '1'), { verificationAnswerSet: null } as unknown as RidpAnswer];
    expect(rejection(() => chosenChoices(counts, answers))).toMatchObject({ status: 400, responseCode: 'HE007000' });
  });
});
