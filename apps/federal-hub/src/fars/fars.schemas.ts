import type { ValidateFunction } from 'ajv';
import { draft04SchemaId, federalSchemaFolder, loadDraft04Schemas } from '@dxhub/platform';

export interface FarsSchemas {
  request: ValidateFunction;
  response: ValidateFunction;
}

/** The FARS request and response schemas (schemas/federal/fars), compiled. */
export function loadFarsSchemas(): FarsSchemas {
  const ajv = loadDraft04Schemas(federalSchemaFolder('fars'));
  const compiled = (file: string) => {
    const validate = ajv.getSchema(draft04SchemaId(file));
    if (!validate) throw new Error(`Schema ${file} missing from schemas/federal/fars`);
    return validate;
  };
  return { request: compiled('FARS-Request-schema.json'), response: compiled('FARS-Response-schema.json') };
}
