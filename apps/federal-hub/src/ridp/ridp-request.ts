import type { ValidateFunction } from 'ajv';
import { HubError } from '../errors/hub-error';
import { HubCode, ResponseMetadata } from '../errors/hub-response-codes';
import { describeSchemaErrors } from '../hub/schema-errors';
import { RidpRequest, RidpResponse } from './ridp.types';

type Leg = keyof RidpRequest['ridpRequest'];

/**
 * A RIDP message for one leg: valid per the RJ139 schema, and carrying that leg alone. The schema makes
 * both optional; its descriptions make them a mutex, and each leg has its own service here.
 */
export function parseRidpLeg(validate: ValidateFunction, body: unknown, leg: Leg): RidpRequest {
  if (!validate(body)) throw new HubError(400, HubCode.schemaValidation, describeSchemaErrors(validate.errors));
  const legs = Object.keys((body as RidpRequest).ridpRequest);
  if (legs.length !== 1 || legs[0] !== leg) {
    throw new HubError(400, HubCode.schemaValidation, `Schema validation failed: /ridpRequest must carry ${leg} and nothing else for this service`);
  }
  return body as RidpRequest;
}

/** The RIDP envelope with top-level metadata only, as request-level failures are answered. */
export const ridpFailure = (responseMetadata: ResponseMetadata): RidpResponse => ({ ridpResponse: { responseMetadata } });
