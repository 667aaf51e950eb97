import type { ValidateFunction } from 'ajv';
import { ResponseMetadata } from '../errors/hub-response-codes';
import { schemaViolation, validRequest } from '../hub/federal-schemas';
import { RidpRequest, RidpResponse } from './ridp.types';

type Leg = keyof RidpRequest['ridpRequest'];

/**
 * A RIDP message for one leg: valid per the RJ139 schema, and carrying that leg alone. The schema makes
 * both optional; its descriptions make them a mutex, and each leg has its own service here.
 */
export function parseRidpLeg(validate: ValidateFunction, body: unknown, leg: Leg): RidpRequest {
  const request = validRequest<RidpRequest>(validate, body);
  const legs = Object.keys(request.ridpRequest);
  if (legs.length !== 1 || legs[0] !== leg) throw schemaViolation(`/ridpRequest must carry ${leg} and nothing else for this service`);
  return request;
}

/** The RIDP envelope with top-level metadata only, as request-level failures are answered. */
export const ridpFailure = (responseMetadata: ResponseMetadata): RidpResponse => ({ ridpResponse: { responseMetadata } });
