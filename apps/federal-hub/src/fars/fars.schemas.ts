import { loadServiceSchemas, ServiceSchemas } from '../hub/federal-schemas';

/** The FARS request and response schemas (schemas/federal/fars), compiled. */
export function loadFarsSchemas(): ServiceSchemas {
  return loadServiceSchemas('fars', 'FARS-Request-schema.json', 'FARS-Response-schema.json');
}
