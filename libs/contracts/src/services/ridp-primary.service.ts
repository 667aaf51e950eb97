import { outcomeOfDecision, questionsOf, RidpResponse } from './ridp-interpretation';
import { federalPrimaryRequest, ridpOptionsSchema, RidpSubject, ridpSubjectSchema } from './ridp-request-fragments';
import { verificationRequestSchema } from './schema-fragments';
import type { Interpretation, ServiceDefinition, VerificationRequest } from './service-definition';

function toFederalRequest(request: VerificationRequest) {
  const levelOfProofing = request.options?.levelOfProofing as string | undefined;
  return { ridpRequest: { primaryRequest: federalPrimaryRequest(request.subject as unknown as RidpSubject, levelOfProofing) } };
}

/**
 * Experian's decision on the person: ACC verified; RF2 inconclusive, with the questions to answer through
 * ridp-secondary; RF1 inconclusive, the person calls Experian and the exchange then asks fars (also when
 * no questions could be formulated, HE000050); RF3 and RF4 not_verified. `nextStep` names the service to
 * call next, if any.
 */
function interpret(response: unknown): Interpretation {
  const body = (response as RidpResponse).ridpResponse;
  const responseCode = body.responseMetadata?.responseCode ?? 'unknown';
  const decision = body.finalDecisionCode ?? null;
  const questions = questionsOf(body);
  const canAnswer = decision === 'RF2' && questions.length > 0 && body.sessionIdentification !== undefined;
  const result = {
    finalDecisionCode: decision,
    hubReferenceNumber: body.hubReferenceNumber ?? null,
    ...(canAnswer ? { sessionId: body.sessionIdentification, questions } : {}),
    nextStep: canAnswer ? 'ridp-secondary' : decision === 'RF1' ? 'fars' : null,
    responseCode,
  };
  return { outcome: outcomeOfDecision(decision), responseCode, result };
}

export const ridpPrimary = {
  service: 'ridp-primary',
  category: 'identity',
  source: 'experian',
  mode: 'sync' as const,
  description:
    'Remote Identity Proofing (RJ139), primary leg: Experian accepts the person (ACC), asks 3-5 questions to answer with ridp-secondary (RF2), sends them to its call centre, followed by fars (RF1), or refuses (RF3, RF4).',
  requestSchema: verificationRequestSchema('ridp-primary', ridpSubjectSchema, ridpOptionsSchema),
  federal: {
    path: '/hub/ridp-primary',
    schemas: { folder: 'ridp-rj139', request: 'RIDP-Request-schema.json', response: 'RIDP-Response-schema.json' },
    toRequest: toFederalRequest,
    interpret,
  },
} satisfies ServiceDefinition;
