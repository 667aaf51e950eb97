import { loadServiceSchemas, ServiceSchemas } from '../hub/federal-schemas';

/** The real Hub's SSA Composite (RJ3) request and response schemas, compiled. */
export function loadSsaCompositeSchemas(): ServiceSchemas {
  return loadServiceSchemas('ssa-rj3', 'SSAC-Request-Schema.json', 'SSAC-Response-Schema.json');
}
