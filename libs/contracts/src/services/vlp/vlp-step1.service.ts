import { birthDateSchema, verificationRequestSchema } from '../schema-fragments';
import type { Interpretation, ServiceDefinition, VerificationRequest } from '../service-definition';
import { toDhsId, VlpDocument } from './vlp-dhs-id';
import { interpretDetermination, VlpDetermination } from './vlp-determination';
import { commentsSchema, vlpDocumentSchema, vlpLastNameSchema, vlpNameSchema } from './vlp-request-fragments';
import { VLP_SCHEMA_FOLDER } from './vlp-schemas';

interface VlpSubject {
  firstName: string;
  middleName?: string;
  lastName: string;
  dateOfBirth: string;
  document: VlpDocument;
}

interface VlpStep1Options {
  fiveYearBarApplicability?: boolean;
  requestSponsorData?: boolean;
  requestGrantDate?: boolean;
  comments?: string;
}

/** The federal step 1 answer, as far as the hub reads it (schemas/federal/vlp/VLP-Step1-Response-schema.json). */
interface Step1IndividualResponse {
  responseMetadata: { responseCode: string };
  lawfulPresenceVerifiedCode: string;
  initialVerificationIndividualResponseSet?: Omit<VlpDetermination, 'lawfulPresenceVerifiedCode'> & {
    sponsorDataFoundIndicator?: boolean;
    arrayOfSponsorshipData?: Record<string, unknown>[];
  };
}

interface Step1Response {
  initialVerificationResponse: {
    responseMetadata: { responseCode: string };
    initialVerificationResponseSet?: { initialVerificationIndividualResponseArray: Step1IndividualResponse[] };
  };
}

const subject = {
  type: 'object',
  additionalProperties: false,
  required: ['firstName', 'lastName', 'dateOfBirth', 'document'],
  properties: {
    firstName: vlpNameSchema('Given name, as on the immigration document', 25),
    middleName: vlpNameSchema('Middle name', 25),
    lastName: vlpLastNameSchema,
    dateOfBirth: birthDateSchema,
    document: vlpDocumentSchema,
  },
};

const options = {
  type: 'object',
  additionalProperties: false,
  description: 'Flags for DHS; all default to false',
  properties: {
    fiveYearBarApplicability: {
      type: 'boolean',
      description: 'Check the five-year bar: true when the applicant entered the US on or after 1996-08-22',
    },
    requestSponsorData: { type: 'boolean', description: 'Ask for the affidavit of support (sponsor) data' },
    requestGrantDate: { type: 'boolean', description: 'Ask for the date the immigration status was granted' },
    comments: commentsSchema,
  },
};

function toFederalRequest(request: VerificationRequest) {
  const s = request.subject as unknown as VlpSubject;
  const o = (request.options ?? {}) as VlpStep1Options;
  return {
    initialVerificationRequest: {
      initialVerificationRequestSetArray: [
        {
          dhsId: toDhsId(s.document),
          firstName: s.firstName,
          ...(s.middleName ? { middleName: s.middleName } : {}),
          lastName: s.lastName,
          dateOfBirth: s.dateOfBirth,
          fiveYearBarApplicabilityIndicator: o.fiveYearBarApplicability === true,
          requestSponsorDataIndicator: o.requestSponsorData === true,
          requestGrantDateIndicator: o.requestGrantDate === true,
          ...(o.comments ? { requesterCommentsForHub: o.comments } : {}),
        },
      ],
    },
  };
}

function interpret(response: unknown, request: VerificationRequest): Interpretation {
  const body = (response as Step1Response).initialVerificationResponse;
  const individual = body.initialVerificationResponseSet?.initialVerificationIndividualResponseArray[0];
  const responseCode = individual?.responseMetadata.responseCode ?? body.responseMetadata.responseCode;
  const set = individual?.initialVerificationIndividualResponseSet;
  const o = (request.options ?? {}) as VlpStep1Options;
  // Only what was asked is reported, as for SSA's optional items.
  const extra: Record<string, unknown> = {
    ...(o.requestGrantDate ? { grantDate: set?.grantDate ?? null } : {}),
    ...(o.requestSponsorData ? { sponsorDataFound: set?.sponsorDataFoundIndicator ?? null, sponsors: set?.arrayOfSponsorshipData ?? [] } : {}),
  };
  const determination = set && individual ? { ...set, lawfulPresenceVerifiedCode: individual.lawfulPresenceVerifiedCode } : undefined;
  return interpretDetermination(determination, responseCode, null, extra);
}

export const vlpStep1 = {
  service: 'vlp-step1',
  category: 'eligibility',
  source: 'dhs',
  mode: 'sync' as const,
  description:
    'Verify Lawful Presence step 1 (DHS SAVE initial verification): name, birth date and one immigration document; answers the DHS case number, lawfulPresenceVerifiedCode and what to do next (nextStep).',
  requestSchema: verificationRequestSchema('vlp-step1', subject, options),
  federal: {
    path: '/hub/vlp-step1',
    schemas: { folder: VLP_SCHEMA_FOLDER, request: 'VLP-Step1-Request-schema.json', response: 'VLP-Step1-Response-schema.json' },
    toRequest: toFederalRequest,
    interpret,
  },
} satisfies ServiceDefinition;
