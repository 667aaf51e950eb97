import type { FieldError } from '@dxhub/platform';
import { FinalDecisionCode, outcomeOfDecision, ResponseMetadata } from './ridp-interpretation';
import { previousVerificationIdSchema, serviceRequestSchema } from './schema-fragments';
import type { FederalContext, Interpretation, PreviousStep, ServiceDefinition, VerificationRequest } from './service-definition';

/** The FARS answer (schemas/federal/fars/FARS-Response-schema.json, our design in the RJ139 style). */
interface FarsResponse {
  farsResponse: { responseMetadata?: ResponseMetadata; hubReferenceNumber?: string; finalDecisionCode?: FinalDecisionCode };
}

/** The hub reference number of an earlier leg that sent the person to the call centre (RF1). */
function referredReference(result: PreviousStep['result']): string | undefined {
  return result?.finalDecisionCode === 'RF1' && typeof result.hubReferenceNumber === 'string' ? result.hubReferenceNumber : undefined;
}

function check(_request: VerificationRequest, previous: PreviousStep): FieldError[] {
  if (referredReference(previous.result)) return [];
  const decision = (previous.result?.finalDecisionCode as string | null | undefined) ?? 'none';
  return [{ field: 'previousVerificationId', message: `must name a ridp-primary or ridp-secondary that sent the person to the call centre (RF1); its final decision was ${decision}` }];
}

/** The reference number comes from the earlier leg's result, never from the state. */
function toFederalRequest(_request: VerificationRequest, context?: FederalContext) {
  const hubReferenceNumber = referredReference(context?.previous?.result ?? null);
  if (!hubReferenceNumber) throw new Error('fars needs the RF1 result of its ridp-primary or ridp-secondary');
  return { farsRequest: { hubReferenceNumber } };
}

/** The call centre's final decision: ACC verified, RF4 not_verified; no decision (HE200006, unknown reference number) not_verified. */
function interpret(response: unknown): Interpretation {
  const body = (response as FarsResponse).farsResponse;
  const responseCode = body.responseMetadata?.responseCode ?? 'unknown';
  const decision = body.finalDecisionCode ?? null;
  const result = { finalDecisionCode: decision, hubReferenceNumber: body.hubReferenceNumber ?? null, responseCode };
  return { outcome: outcomeOfDecision(decision), responseCode, result };
}

export const fars = {
  service: 'fars',
  category: 'identity',
  source: 'experian',
  mode: 'sync' as const,
  description:
    "Fraud Archive Reporting Service: the Experian call centre's final decision (ACC or RF4) on a person a ridp-primary or ridp-secondary sent to it (RF1), after they called.",
  requestSchema: serviceRequestSchema('fars', { previousVerificationId: previousVerificationIdSchema }, ['previousVerificationId']),
  previous: { services: ['ridp-primary', 'ridp-secondary'], check },
  federal: {
    path: '/hub/fars',
    schemas: { folder: 'fars', request: 'FARS-Request-schema.json', response: 'FARS-Response-schema.json' },
    toRequest: toFederalRequest,
    interpret,
  },
} satisfies ServiceDefinition;
