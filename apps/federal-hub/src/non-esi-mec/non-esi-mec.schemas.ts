import { loadServiceSchemas, ServiceSchemas } from '../hub/federal-schemas';

/** The real Hub's Verify Non-ESI MEC (RJ31) request and response schemas, compiled. */
export function loadNonEsiMecSchemas(): ServiceSchemas {
  return loadServiceSchemas('non-esi-rj31', 'VerifyNonESIMEC-Request-schema.json', 'VerifyNonESIMEC-Response-schema.json');
}
