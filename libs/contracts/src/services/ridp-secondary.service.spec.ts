import type { ValidateFunction } from 'ajv';
import { createStrictAjv, draft04SchemaId, federalSchemaFolder, fieldErrorsOf, loadDraft04Schemas } from '@dxhub/platform';
import { ridpSecondary } from './ridp-secondary.service';
import type { PreviousStep, VerificationRequest } from './service-definition';

const ajv = loadDraft04Schemas(federalSchemaFolder('ridp-rj139'));
const validFederalRequest = ajv.getSchema(draft04SchemaId('RIDP-Request-schema.json')) as ValidateFunction;
const validFederalResponse = ajv.getSchema(draft04SchemaId('RIDP-Response-schema.json')) as ValidateFunction;
const validBody = createStrictAjv().compile(ridpSecondary.requestSchema);

function expectValid(validate: ValidateFunction, message: unknown): void {
  const ok = validate(message);
  expect(validate.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
}

const PREVIOUS_ID = 'ver_01HZX3Q4S5T6V7W8X9YZABCDEF';
const choices = (...ids: string[]) => ids.map((choiceId) => ({ choiceId, text: `choice ${choiceId}` }));
/** The result of a ridp-primary that asked three questions (with 5, 4 and 5 choices). */
const primaryResult = {
  finalDecisionCode: 'RF2',
  hubReferenceNumber: 'HRN42',
  sessionId: 'S1.pidd1v',
  questions: [
    { questionId: '1', text: 'Q1?', choices: choices('1', '2', '3', '4', '5') },
    { questionId: '2', text: 'Q2?', choices: choices('1', '2', '3', '4') },
    { questionId: '3', text: 'Q3?', choices: choices('1', '2', '3', '4', '5') },
  ],
  nextStep: 'ridp-secondary',
  responseCode: 'HS000000',
};
const previous = (result: Record<string, unknown> | null = primaryResult): PreviousStep => ({ id: PREVIOUS_ID, service: 'ridp-primary', result });
const answers = (...pairs: [string, string][]) => pairs.map(([questionId, choiceId]) => ({ questionId, choiceId }));
const request = (given = answers(['1', '1'], ['2', '1'], ['3', '1'])): VerificationRequest => ({
  service: 'ridp-secondary',
  previousVerificationId: PREVIOUS_ID,
  answers: given,
});

const { toRequest, interpret } = ridpSecondary.federal;
const check = ridpSecondary.previous.check;

describe('ridpSecondary service definition', () => {
  it('follows a ridp-primary, on the RJ139 schemas', () => {
    expect(ridpSecondary).toMatchObject({ service: 'ridp-secondary', category: 'identity', source: 'experian', mode: 'sync' });
    expect(ridpSecondary.previous.services).toEqual(['ridp-primary']);
    expect(ridpSecondary.federal).toMatchObject({ path: '/hub/ridp-secondary', schemas: { folder: 'ridp-rj139', request: 'RIDP-Request-schema.json' } });
  });

  describe('request schema', () => {
    it('accepts the previous verification and 3-5 answers', () => {
      expect(validBody({ ...request(), reference: 'case-7' })).toBe(true);
      expect(validBody(request(answers(['1', '1'], ['2', '1'], ['3', '1'], ['4', '2'], ['5', '5'])))).toBe(true);
    });

    it.each([
      ['no previous verification', { previousVerificationId: undefined }, 'previousVerificationId'],
      ['a malformed previous verification id', { previousVerificationId: 'ver_123' }, 'previousVerificationId'],
      ['two answers', { answers: answers(['1', '1'], ['2', '1']) }, 'answers'],
      ['six answers', { answers: answers(['1', '1'], ['2', '1'], ['3', '1'], ['4', '1'], ['5', '1'], ['1', '2']) }, 'answers'],
      ['a question id out of range', { answers: answers(['1', '1'], ['2', '1'], ['6', '1']) }, 'answers.2.questionId'],
      ['a choice id out of range', { answers: answers(['1', '1'], ['2', '0'], ['3', '1']) }, 'answers.1.choiceId'],
      ['a number for an id', { answers: [{ questionId: 1, choiceId: '1' }, ...answers(['2', '1'], ['3', '1'])] }, 'answers.0.questionId'],
      ['an answer without its choice', { answers: [{ questionId: '1' }, ...answers(['2', '1'], ['3', '1'])] }, 'answers.0.choiceId'],
      ['an answer with a text', { answers: [{ questionId: '1', choiceId: '1', text: 'Maple Avenue' }, ...answers(['2', '1'], ['3', '1'])] }, 'answers.0.text'],
      ['a session id typed by the state', { sessionId: 'S1.pidd1v' }, 'sessionId'],
      ['a subject', { subject: { lastName: 'Silva' } }, 'subject'],
    ])('rejects %s', (_label, patch, field) => {
      const candidate = { ...request(), ...patch } as Record<string, unknown>;
      for (const key of Object.keys(candidate)) if (candidate[key] === undefined) delete candidate[key];
      expect(validBody(candidate)).toBe(false);
      expect(fieldErrorsOf(validBody.errors).map((error) => error.field)).toContain(field);
    });
  });

  describe('previous.check', () => {
    it('accepts one answer to every question asked, in any order', () => {
      expect(check(request(answers(['3', '5'], ['1', '2'], ['2', '4'])), previous())).toEqual([]);
    });

    it.each([
      ['ACC', { ...primaryResult, finalDecisionCode: 'ACC', questions: undefined, sessionId: undefined }],
      ['RF1', { ...primaryResult, finalDecisionCode: 'RF1' }],
      ['none', { ...primaryResult, finalDecisionCode: null }],
    ])('refuses a primary whose final decision was %s', (decision, result) => {
      expect(check(request(), previous(result))).toEqual([
        { field: 'previousVerificationId', message: `must name a ridp-primary that asked questions (RF2); its final decision was ${decision}` },
      ]);
    });

    it('refuses a primary with no result or no session', () => {
      expect(check(request(), previous(null))[0].field).toBe('previousVerificationId');
      expect(check(request(), previous({ ...primaryResult, sessionId: undefined }))[0].field).toBe('previousVerificationId');
    });

    it('refuses an answer to a question that was not asked, naming the questions asked', () => {
      expect(check(request(answers(['1', '1'], ['2', '1'], ['3', '1'], ['4', '1'])), previous())).toEqual([
        { field: 'answers.3.questionId', message: 'must be one of the questions asked: 1, 2, 3' },
      ]);
    });

    it('refuses a question answered twice', () => {
      expect(check(request(answers(['1', '1'], ['2', '1'], ['3', '1'], ['2', '3'])), previous())).toEqual([
        { field: 'answers.3.questionId', message: 'answers question 2 a second time' },
      ]);
    });

    it('refuses a choice the question did not offer', () => {
      expect(check(request(answers(['1', '1'], ['2', '5'], ['3', '1'])), previous())).toEqual([
        { field: 'answers.1.choiceId', message: 'must be one of the choices of question 2: 1, 2, 3, 4' },
      ]);
    });

    it('refuses answers that leave a question out', () => {
      const fiveAsked = { ...primaryResult, questions: [1, 2, 3, 4, 5].map((n) => ({ questionId: String(n), text: `Q${n}?`, choices: choices('1', '2') })) };
      expect(check(request(answers(['1', '1'], ['3', '1'], ['5', '1'])), previous(fiveAsked))).toEqual([
        { field: 'answers', message: 'must answer every question asked; unanswered: 2, 4' },
      ]);
    });
  });

  describe('toRequest', () => {
    it('builds the RJ139 secondary request from the answers, in question order, and the session of the primary', () => {
      const message = toRequest(request(answers(['3', '5'], ['1', '2'], ['2', '4'])), { previous: previous() });
      expect(message).toEqual({
        ridpRequest: {
          secondaryRequest: {
            verificationAnswerArray: [
              { verificationAnswerSet: { verificationAnswer: '2', verificationQuestionNumber: '1' } },
              { verificationAnswerSet: { verificationAnswer: '4', verificationQuestionNumber: '2' } },
              { verificationAnswerSet: { verificationAnswer: '5', verificationQuestionNumber: '3' } },
            ],
            sessionIdentification: 'S1.pidd1v',
            hubReferenceNumber: 'HRN42',
          },
        },
      });
      expectValid(validFederalRequest, message);
    });

    it('cannot build the message without the primary it answers', () => {
      expect(() => toRequest(request())).toThrow(/needs the RF2 result/);
      expect(() => toRequest(request(), { previous: previous({ ...primaryResult, finalDecisionCode: 'ACC' }) })).toThrow(/needs the RF2 result/);
    });
  });

  describe('interpret', () => {
    const answer = (ridpResponse: Record<string, unknown>) => {
      const message = { ridpResponse: { responseMetadata: { responseCode: 'HS000000', responseText: 'Success' }, ...ridpResponse } };
      expectValid(validFederalResponse, message);
      return message;
    };

    it('is verified on ACC', () => {
      expect(interpret(answer({ finalDecisionCode: 'ACC', hubReferenceNumber: 'HRN42' }), request(), { previous: previous() })).toEqual({
        outcome: 'verified',
        responseCode: 'HS000000',
        result: { finalDecisionCode: 'ACC', hubReferenceNumber: 'HRN42', nextStep: null, responseCode: 'HS000000' },
      });
    });

    it('is inconclusive on RF1, next fars', () => {
      expect(interpret(answer({ finalDecisionCode: 'RF1', hubReferenceNumber: 'HRN42' }), request(), { previous: previous() })).toMatchObject({
        outcome: 'inconclusive',
        result: { finalDecisionCode: 'RF1', nextStep: 'fars' },
      });
    });

    it('is not_verified on RF4', () => {
      expect(interpret(answer({ finalDecisionCode: 'RF4', hubReferenceNumber: 'HRN42' }), request(), { previous: previous() }).outcome).toBe('not_verified');
    });

    it('is not_verified on a session timeout (HE200041, no decision), keeping the reference number of the primary', () => {
      const timedOut = answer({ responseMetadata: { responseCode: 'HE200041', responseText: 'Session timeout' } });
      expect(interpret(timedOut, request(), { previous: previous() })).toEqual({
        outcome: 'not_verified',
        responseCode: 'HE200041',
        result: { finalDecisionCode: null, hubReferenceNumber: 'HRN42', nextStep: null, responseCode: 'HE200041' },
      });
    });
  });
});
