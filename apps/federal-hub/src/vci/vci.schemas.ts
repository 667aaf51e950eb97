import { loadServiceSchemas, ServiceSchemas } from '../hub/federal-schemas';

/** The VCI request and response schemas (schemas/federal/vci, dxhub's own), compiled. */
export function loadVciSchemas(): ServiceSchemas {
  return loadServiceSchemas('vci', 'VCI-Request-schema.json', 'VCI-Response-schema.json');
}
