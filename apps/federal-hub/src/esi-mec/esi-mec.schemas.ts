import { loadServiceSchemas, ServiceSchemas } from '../hub/federal-schemas';

/** The real Hub's Verify ESI MEC (RJ14) request and response schemas, compiled. */
export function loadEsiMecSchemas(): ServiceSchemas {
  return loadServiceSchemas('esi-rj14', 'ESIMEC-Request-schema.json', 'ESIMEC-Response-schema.json');
}
