import type { Outcome } from '../verification/verification-resource';
import type { FederalSource } from './federal-sources';
import type { JsonSchema } from './schema-fragments';

export type ServiceCategory = 'identity' | 'income' | 'eligibility';

/** The request as stored (encrypted) and handed to the broker: the validated POST body. */
export interface VerificationRequest {
  service: string;
  subject: Record<string, unknown> & { ssn?: string };
  options?: Record<string, unknown>;
  reference?: string;
}

/** What the hub keeps of a federal answer. */
export interface Interpretation {
  outcome: Outcome;
  responseCode: string;
  result: Record<string, unknown>;
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
  mode: 'sync' | 'async';
  description: string;
  requestSchema: JsonSchema;
  federal: {
    /** Path on the federal Hub, e.g. /hub/ssa-composite. */
    path: string;
    /** The real Hub's JSON Schemas (schemas/federal/<folder>) that the message must satisfy, when it has them. */
    schemas?: { folder: string; request: string; response: string };
    toRequest(request: VerificationRequest): unknown;
    interpret(response: unknown, request: VerificationRequest): Interpretation;
  };
}
