import { loadServiceSchemas, ServiceSchemas } from '../hub/federal-schemas';

export type SsaCompositeSchemas = ServiceSchemas;

/** The real Hub's SSA Composite (RJ3) request and response schemas, compiled. */
export function loadSsaCompositeSchemas(): SsaCompositeSchemas {
  return loadServiceSchemas('ssa-rj3', 'SSAC-Request-Schema.json', 'SSAC-Response-Schema.json');
}
