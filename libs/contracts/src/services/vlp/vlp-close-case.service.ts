import { previousVerificationIdSchema, serviceRequestSchema } from '../schema-fragments';
import type { FederalContext, Interpretation, ServiceDefinition, VerificationRequest } from '../service-definition';
import { caseNumberOf, requireCase } from './vlp-case-number';
import { vlpCaseSubjectSchema } from './vlp-request-fragments';
import { VLP_SCHEMA_FOLDER } from './vlp-schemas';

interface CloseCaseResponse {
  closeCaseResponse: { responseMetadata: { responseCode: string }; closeCaseResponseSet?: { caseNumber: string } };
}

function toRequest(request: VerificationRequest, context?: FederalContext) {
  const lastName = (request.subject as { lastName?: string } | undefined)?.lastName;
  return { closeCaseRequest: { caseNumber: caseNumberOf(context), ...(lastName ? { lastName } : {}) } };
}

/** Verified when DHS acknowledges the closure; an HE answer (e.g. an unknown case) leaves it open: inconclusive. */
function interpret(response: unknown, _request: VerificationRequest, context?: FederalContext): Interpretation {
  const body = (response as CloseCaseResponse).closeCaseResponse;
  const responseCode = body.responseMetadata.responseCode;
  const caseClosed = responseCode.startsWith('HS') && body.closeCaseResponseSet !== undefined;
  return {
    outcome: caseClosed ? 'verified' : 'inconclusive',
    responseCode,
    result: { caseNumber: body.closeCaseResponseSet?.caseNumber ?? caseNumberOf(context), caseClosed, responseCode },
  };
}

export const vlpCloseCase = {
  service: 'vlp-close-case',
  category: 'eligibility',
  source: 'dhs',
  mode: 'sync' as const,
  description:
    'Verify Lawful Presence close case: closes the DHS case of a completed vlp-step1, vlp-step2 or vlp-step3 once the exchange has its final answer (every VLP case must be closed).',
  requestSchema: serviceRequestSchema(
    'vlp-close-case',
    { previousVerificationId: previousVerificationIdSchema, subject: vlpCaseSubjectSchema },
    ['previousVerificationId'],
  ),
  previous: { services: ['vlp-step1', 'vlp-step2', 'vlp-step3'], check: (_request, previous) => requireCase(previous) },
  federal: {
    path: '/hub/vlp-close-case',
    schemas: { folder: VLP_SCHEMA_FOLDER, request: 'VLP-CloseCase-Request-schema.json', response: 'VLP-CloseCase-Response-schema.json' },
    toRequest,
    interpret,
  },
} satisfies ServiceDefinition;
