import type { ValidateFunction } from 'ajv';
import { draft04SchemaId, federalSchemaFolder, loadDraft04Schemas } from '@dxhub/platform';

/** The VLP message schemas (schemas/federal/vlp), compiled once for every VLP simulator. */
export type VlpSchemaFile =
  | 'VLP-Step1-Request-schema.json'
  | 'VLP-Step1-Response-schema.json'
  | 'VLP-Step2-Request-schema.json'
  | 'VLP-Step2-Response-schema.json'
  | 'VLP-Step2-Resolution-Request-schema.json'
  | 'VLP-Step2-Resolution-Response-schema.json'
  | 'VLP-Step3-Request-schema.json'
  | 'VLP-Step3-Response-schema.json'
  | 'VLP-Step3-Resolution-Request-schema.json'
  | 'VLP-Step3-Resolution-Response-schema.json'
  | 'VLP-CloseCase-Request-schema.json'
  | 'VLP-CloseCase-Response-schema.json';

let loaded: ReturnType<typeof loadDraft04Schemas> | undefined;

export function vlpSchema(file: VlpSchemaFile): ValidateFunction {
  loaded ??= loadDraft04Schemas(federalSchemaFolder('vlp'));
  const validate = loaded.getSchema(draft04SchemaId(file));
  if (!validate) throw new Error(`Schema ${file} missing from schemas/federal/vlp`);
  return validate;
}
