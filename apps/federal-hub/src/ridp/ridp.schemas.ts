import { loadServiceSchemas, ServiceSchemas } from '../hub/federal-schemas';

/** The real Hub's RIDP (RJ139) request and response schemas, compiled; both legs share them. */
export function loadRidpSchemas(): ServiceSchemas {
  return loadServiceSchemas('ridp-rj139', 'RIDP-Request-schema.json', 'RIDP-Response-schema.json');
}
