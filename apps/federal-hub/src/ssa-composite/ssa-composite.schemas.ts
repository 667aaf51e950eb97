import type { ValidateFunction } from 'ajv';
import { draft04SchemaId, federalSchemaFolder, loadDraft04Schemas } from '@dxhub/platform';

export interface SsaCompositeSchemas {
  request: ValidateFunction;
  response: ValidateFunction;
}

/** The real Hub's SSA Composite (RJ3) request and response schemas, compiled. */
export function loadSsaCompositeSchemas(): SsaCompositeSchemas {
  const ajv = loadDraft04Schemas(federalSchemaFolder('ssa-rj3'));
  const compiled = (file: string) => {
    const validate = ajv.getSchema(draft04SchemaId(file));
    if (!validate) throw new Error(`Schema ${file} missing from schemas/federal/ssa-rj3`);
    return validate;
  };
  return { request: compiled('SSAC-Request-Schema.json'), response: compiled('SSAC-Response-Schema.json') };
}
