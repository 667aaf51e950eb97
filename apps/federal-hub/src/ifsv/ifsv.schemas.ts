import { loadServiceSchemas, ServiceSchemas } from '../hub/federal-schemas';

/** The real Hub's IFSV (RJ9T) request and response schemas, compiled. */
export function loadIfsvSchemas(): ServiceSchemas {
  return loadServiceSchemas('ifsv-rj9t', 'IFSV-Request-schema.json', 'IFSV-Response-schema.json');
}
