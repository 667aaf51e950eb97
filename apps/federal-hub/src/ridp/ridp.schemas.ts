import type { ValidateFunction } from 'ajv';
import { draft04SchemaId, federalSchemaFolder, loadDraft04Schemas } from '@dxhub/platform';

export interface RidpSchemas {
  request: ValidateFunction;
  response: ValidateFunction;
}

/** The real Hub's RIDP (RJ139) request and response schemas, compiled; both legs share them. */
export function loadRidpSchemas(): RidpSchemas {
  const ajv = loadDraft04Schemas(federalSchemaFolder('ridp-rj139'));
  const compiled = (file: string) => {
    const validate = ajv.getSchema(draft04SchemaId(file));
    if (!validate) throw new Error(`Schema ${file} missing from schemas/federal/ridp-rj139`);
    return validate;
  };
  return { request: compiled('RIDP-Request-schema.json'), response: compiled('RIDP-Response-schema.json') };
}
