import type { FieldError } from '@dxhub/platform';
import { outcomeOfDecision, POSITION_IDS, RidpQuestion, RidpResponse } from './ridp-interpretation';
import { previousVerificationIdSchema, serviceRequestSchema } from './schema-fragments';
import type { FederalContext, Interpretation, PreviousStep, ServiceDefinition, VerificationRequest } from './service-definition';

interface Answer {
  questionId: string;
  choiceId: string;
}

/** What this leg needs of the primary's result: an RF2 with its session and questions. */
interface QuestionsAsked {
  finalDecisionCode: 'RF2';
  sessionId: string;
  hubReferenceNumber: string;
  questions: RidpQuestion[];
}

const answersSchema = {
  type: 'array',
  minItems: 3,
  maxItems: 5,
  description: 'One answer to every question the ridp-primary asked: its questionId and the chosen choiceId',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['questionId', 'choiceId'],
    properties: {
      questionId: { type: 'string', enum: [...POSITION_IDS], description: 'A questionId of the ridp-primary result' },
      choiceId: { type: 'string', enum: [...POSITION_IDS], description: "A choiceId of that question's choices" },
    },
  },
};

function questionsAsked(result: PreviousStep['result']): QuestionsAsked | undefined {
  const r = result ?? {};
  const usable = r.finalDecisionCode === 'RF2' && typeof r.sessionId === 'string' && typeof r.hubReferenceNumber === 'string' && Array.isArray(r.questions);
  return usable ? (r as unknown as QuestionsAsked) : undefined;
}

/** Only answers to the questions asked, each once, with a choice it offered, and every question answered. */
function check(request: VerificationRequest, previous: PreviousStep): FieldError[] {
  const asked = questionsAsked(previous.result);
  if (!asked) {
    const decision = (previous.result?.finalDecisionCode as string | null | undefined) ?? 'none';
    return [{ field: 'previousVerificationId', message: `must name a ridp-primary that asked questions (RF2); its final decision was ${decision}` }];
  }
  const errors: FieldError[] = [];
  const answered = new Set<string>();
  (request.answers as Answer[]).forEach(({ questionId, choiceId }, index) => {
    const question = asked.questions.find((q) => q.questionId === questionId);
    if (!question) {
      errors.push({ field: `answers.${index}.questionId`, message: `must be one of the questions asked: ${asked.questions.map((q) => q.questionId).join(', ')}` });
    } else if (answered.has(questionId)) {
      errors.push({ field: `answers.${index}.questionId`, message: `answers question ${questionId} a second time` });
    } else if (!question.choices.some((choice) => choice.choiceId === choiceId)) {
      errors.push({ field: `answers.${index}.choiceId`, message: `must be one of the choices of question ${questionId}: ${question.choices.map((c) => c.choiceId).join(', ')}` });
    }
    answered.add(questionId);
  });
  const missing = asked.questions.filter((q) => !answered.has(q.questionId)).map((q) => q.questionId);
  if (missing.length) errors.push({ field: 'answers', message: `must answer every question asked; unanswered: ${missing.join(', ')}` });
  return errors;
}

function askedBy(context: FederalContext | undefined): QuestionsAsked {
  const asked = questionsAsked(context?.previous?.result ?? null);
  if (!asked) throw new Error('ridp-secondary needs the RF2 result of its ridp-primary');
  return asked;
}

/** The answers, in question order, with the session they answer (taken from the primary, never typed by the state). */
function toFederalRequest(request: VerificationRequest, context?: FederalContext) {
  const asked = askedBy(context);
  const answers = [...(request.answers as Answer[])].sort((a, b) => Number(a.questionId) - Number(b.questionId));
  return {
    ridpRequest: {
      secondaryRequest: {
        verificationAnswerArray: answers.map(({ questionId, choiceId }) => ({
          verificationAnswerSet: { verificationAnswer: choiceId, verificationQuestionNumber: questionId },
        })),
        sessionIdentification: asked.sessionId,
        hubReferenceNumber: asked.hubReferenceNumber,
      },
    },
  };
}

/**
 * ACC verified; RF1 inconclusive, the person calls Experian and the exchange then asks fars; RF4 (and RF3)
 * not_verified; no decision, as when the session timed out (HE200041), not_verified: start again with a new
 * ridp-primary.
 */
function interpret(response: unknown, _request: VerificationRequest, context?: FederalContext): Interpretation {
  const body = (response as RidpResponse).ridpResponse;
  const responseCode = body.responseMetadata?.responseCode ?? 'unknown';
  const decision = body.finalDecisionCode ?? null;
  const hubReferenceNumber = body.hubReferenceNumber ?? (context?.previous?.result?.hubReferenceNumber as string | undefined) ?? null;
  const result = { finalDecisionCode: decision, hubReferenceNumber, nextStep: decision === 'RF1' ? 'fars' : null, responseCode };
  return { outcome: outcomeOfDecision(decision), responseCode, result };
}

export const ridpSecondary = {
  service: 'ridp-secondary',
  category: 'identity',
  source: 'experian',
  mode: 'sync' as const,
  description:
    'Remote Identity Proofing (RJ139), secondary leg: the answers to the questions of a ridp-primary that answered RF2. Experian accepts (ACC), sends the person to its call centre, followed by fars (RF1), or refuses (RF4); a session answered too late times out (HE200041).',
  requestSchema: serviceRequestSchema('ridp-secondary', { previousVerificationId: previousVerificationIdSchema, answers: answersSchema }, ['previousVerificationId', 'answers']),
  previous: { services: ['ridp-primary'], check },
  federal: {
    path: '/hub/ridp-secondary',
    schemas: { folder: 'ridp-rj139', request: 'RIDP-Request-schema.json', response: 'RIDP-Response-schema.json' },
    toRequest: toFederalRequest,
    interpret,
  },
} satisfies ServiceDefinition;
