import { previousVerificationIdSchema, serviceRequestSchema } from '../schema-fragments';
import type { FederalAnswer, FederalContext, ServiceDefinition, VerificationRequest } from '../service-definition';
import { caseNumberOf, requireCase } from './vlp-case-number';
import { interpretDetermination, VlpDetermination } from './vlp-determination';
import { commentsSchema, vlpCaseSubjectSchema } from './vlp-request-fragments';
import { VLP_SCHEMA_FOLDER } from './vlp-schemas';

/** Step 2 (additional verification) or step 3 (third verification): the same exchange, other names. */
export interface VlpCaseStep {
  step: 2 | 3;
  previousService: string;
  /** The earlier step's agencyAction that asks for this step. */
  askedBy: string;
  /** Root of the initiate messages: `<root>Request`, `<root>Response`, `<root>ResponseSet`. */
  initiateRoot: string;
  description: string;
}

interface Metadata {
  responseCode: string;
}

interface CaseStepRequest {
  subject?: { lastName?: string };
  options?: { comments?: string };
}

/**
 * An asynchronous VLP step. The initiate answer is DHS's acknowledgement (pending, with the case
 * number); the broker then asks for the case resolution until DHS has decided (days in production).
 */
export function vlpCaseStepService(definition: VlpCaseStep) {
  const { step, initiateRoot } = definition;
  const resolutionRoot = `retrieveStep${step}CaseResolution`;
  const service = `vlp-step${step}`;

  function toRequest(request: VerificationRequest, context?: FederalContext) {
    const { subject, options } = request as CaseStepRequest;
    return {
      [`${initiateRoot}Request`]: {
        caseNumber: caseNumberOf(context),
        ...(subject?.lastName ? { lastName: subject.lastName } : {}),
        ...(options?.comments ? { requesterCommentsForHub: options.comments } : {}),
      },
    };
  }

  function interpret(response: unknown, _request: VerificationRequest, context?: FederalContext): FederalAnswer {
    const body = (response as Record<string, { responseMetadata: Metadata; [set: string]: unknown }>)[`${initiateRoot}Response`];
    const responseCode = body.responseMetadata.responseCode;
    const acknowledged = body[`${initiateRoot}ResponseSet`] as { caseNumber: string } | undefined;
    const caseNumber = acknowledged?.caseNumber ?? caseNumberOf(context);
    // Accepted: the determination follows. Refused (HE: unknown case, step not asked for): final, undecided.
    if (responseCode.startsWith('HS')) return { pending: true, responseCode, result: { caseNumber, responseCode } };
    return interpretDetermination(undefined, responseCode, caseNumber);
  }

  function resolutionRequest(_request: VerificationRequest, context?: FederalContext) {
    return { [`${resolutionRoot}Request`]: { caseNumber: caseNumberOf(context) } };
  }

  function interpretResolution(response: unknown, _request: VerificationRequest, context?: FederalContext): FederalAnswer {
    const body = (response as Record<string, { responseMetadata: Metadata; [set: string]: unknown }>)[`${resolutionRoot}Response`];
    const responseCode = body.responseMetadata.responseCode;
    const resolution = body[`${resolutionRoot}ResponseSet`] as VlpDetermination | undefined;
    const caseNumber = caseNumberOf(context);
    if (resolution) return interpretDetermination(resolution, responseCode, caseNumber);
    // HS without a resolution: DHS is still working on the case; ask again later.
    if (responseCode.startsWith('HS')) return { pending: true, responseCode, result: { caseNumber, responseCode } };
    return interpretDetermination(undefined, responseCode, caseNumber);
  }

  const schemas = (name: string) => ({
    folder: VLP_SCHEMA_FOLDER,
    request: `VLP-Step${step}${name}-Request-schema.json`,
    response: `VLP-Step${step}${name}-Response-schema.json`,
  });

  return {
    service,
    category: 'eligibility',
    source: 'dhs',
    mode: 'async' as const,
    description: definition.description,
    requestSchema: serviceRequestSchema(
      service,
      {
        previousVerificationId: previousVerificationIdSchema,
        subject: vlpCaseSubjectSchema,
        options: {
          type: 'object',
          additionalProperties: false,
          properties: { comments: commentsSchema },
        },
      },
      ['previousVerificationId'],
    ),
    previous: {
      services: [definition.previousService],
      check: (_request, previous) => requireCase(previous, definition.askedBy),
    },
    federal: {
      path: `/hub/${service}`,
      schemas: schemas(''),
      toRequest,
      interpret,
      poll: { path: `/hub/${service}-resolution`, schemas: schemas('-Resolution'), toRequest: resolutionRequest, interpret: interpretResolution },
    },
  } satisfies ServiceDefinition;
}
