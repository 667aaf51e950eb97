import type { ValidateFunction } from 'ajv';
import { draft04SchemaId, federalSchemaFolder, loadDraft04Schemas } from '@dxhub/platform';
import { HubError } from '../errors/hub-error';
import { HubCode } from '../errors/hub-response-codes';
import { describeSchemaErrors } from './schema-errors';

export interface ServiceSchemas {
  request: ValidateFunction;
  response: ValidateFunction;
}

/** One service's request and response schemas from schemas/federal/<folder>, compiled. */
export function loadServiceSchemas(folder: string, requestFile: string, responseFile: string): ServiceSchemas {
  const ajv = loadDraft04Schemas(federalSchemaFolder(folder));
  const compiled = (file: string) => {
    const validate = ajv.getSchema(draft04SchemaId(file));
    if (!validate) throw new Error(`Schema ${file} missing from schemas/federal/${folder}`);
    return validate;
  };
  return { request: compiled(requestFile), response: compiled(responseFile) };
}

/** The body as a `T` when the request schema accepts it; else the Hub's 400 `HE007000` naming what failed. */
export function validRequest<T>(validate: ValidateFunction, body: unknown): T {
  if (!validate(body)) throw new HubError(400, HubCode.schemaValidation, describeSchemaErrors(validate.errors));
  return body as T;
}

/**
 * The Hub's 400 `HE007000` for a request its schema accepts but the service cannot answer (what a schema
 * cannot say: dates in order, one leg at a time), worded as the schema's own failures are.
 */
export function schemaViolation(problem: string): HubError {
  return new HubError(400, HubCode.schemaValidation, `Schema validation failed: ${problem}`);
}
