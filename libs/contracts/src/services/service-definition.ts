import type { FieldError } from '@dxhub/platform';
import type { Outcome } from '../verification/verification-resource';
import type { FederalSource } from './federal-sources';
import type { JsonSchema } from './schema-fragments';

export type ServiceCategory = 'identity' | 'income' | 'eligibility';

/** The request as stored (encrypted) and handed to the broker: the validated POST body. */
export interface VerificationRequest {
  service: string;
  subject?: Record<string, unknown> & { ssn?: string };
  options?: Record<string, unknown>;
  reference?: string;
  previousVerificationId?: string;
  [field: string]: unknown;
}

/** The earlier step of a multi-step service (RIDP secondary, FARS, VLP steps 2/3, close case). */
export interface PreviousStep {
  id: string;
  service: string;
  /** Its decrypted result (what the federal side answered then), null if it has none. */
  result: Record<string, unknown> | null;
}

/** What a federal message is built from besides the request itself. */
export interface FederalContext {
  previous?: PreviousStep;
  /** Polls of asynchronous services: what the acknowledgement (and earlier polls) said, e.g. the case number. */
  pending?: Record<string, unknown>;
}

/** A final federal answer, as the hub keeps it. */
export interface Interpretation {
  outcome: Outcome;
  responseCode: string;
  result: Record<string, unknown>;
}

/** An asynchronous service's acknowledgement: accepted, the result follows (the verification awaits it). */
export interface PendingInterpretation {
  pending: true;
  responseCode: string;
  /** What is known so far (e.g. the case number), kept and shown while the verification awaits. */
  result: Record<string, unknown>;
}

export type FederalAnswer = Interpretation | PendingInterpretation;

export function isPending(answer: FederalAnswer): answer is PendingInterpretation {
  return (answer as PendingInterpretation).pending === true;
}

/** The real Hub's JSON Schemas (schemas/federal/<folder>) a message must satisfy, where the Hub publishes them. */
export interface FederalSchemas {
  folder: string;
  request: string;
  response: string;
}

/** One federal exchange of messages: where to send, how to build the message, how to read the answer. */
export interface FederalCall {
  /** Path on the federal Hub, e.g. /hub/ssa-composite. */
  path: string;
  schemas?: FederalSchemas;
  toRequest(request: VerificationRequest, context?: FederalContext): unknown;
  interpret(response: unknown, request: VerificationRequest, context?: FederalContext): FederalAnswer;
}

/**
 * Everything about one service, defined once: its schema (served in GET /v1/services and used to validate),
 * its federal source and mode, the mapping to and from the federal message, and the outcome rule.
 * Adding a service is adding one of these (and its simulator behaviour), not touching gateway or broker.
 */
export interface ServiceDefinition {
  service: string;
  category: ServiceCategory;
  source: FederalSource;
  /** async: the first answer is an acknowledgement; the broker polls `poll` until the result is there. */
  mode: 'sync' | 'async';
  description: string;
  /** JSON Schema (2020-12) of the whole POST /v1/verifications body. */
  requestSchema: JsonSchema;
  /** Results are Federal Tax Information (IRS Pub 1075): stored and audited marked as FTI. */
  fti?: boolean;
  /** Rules across fields that JSON Schema cannot say (e.g. an end date not before its start date). */
  check?(request: VerificationRequest): FieldError[];
  /** The SSN a request is about (blind index, last four, lastName triggers); default `subject.ssn`. */
  subjectSsn?(request: VerificationRequest): string | undefined;
  /** Multi-step services: `previousVerificationId` must name a completed verification of these services. */
  previous?: {
    services: string[];
    /** Checks of the request against the earlier step's result (e.g. only answers to the questions asked). */
    check?(request: VerificationRequest, previous: PreviousStep): FieldError[];
  };
  federal: FederalCall & {
    /** Async services: how the result is fetched after a pending answer (asked again until final). */
    poll?: FederalCall;
  };
}
