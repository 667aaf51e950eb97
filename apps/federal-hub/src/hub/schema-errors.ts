import type { ErrorObject } from 'ajv';

const MAX_LISTED = 5;

/**
 * The Hub's HE007000 text for a schema violation: where and what, never the offending value
 * (which may be an SSN). Ajv's messages quote no data; property names are quoted only when they
 * look like field names.
 */
export function describeSchemaErrors(errors: ErrorObject[] | null | undefined): string {
  const listed = (errors ?? []).slice(0, MAX_LISTED).map(describe);
  const more = (errors?.length ?? 0) > MAX_LISTED ? `; and ${errors!.length - MAX_LISTED} more` : '';
  return `Schema validation failed: ${listed.join('; ')}${more}`;
}

function describe(error: ErrorObject): string {
  const at = error.instancePath || '(root)';
  switch (error.keyword) {
    case 'pattern':
      return `${at} has an invalid format`;
    case 'required':
      return `${at} is missing required property '${String(error.params.missingProperty)}'`;
    case 'additionalProperties':
      return `${at} has an unexpected property ${quoteName(String(error.params.additionalProperty))}`;
    default:
      return `${at} ${error.message ?? 'is invalid'}`;
  }
}

// A name with a run of digits could be an SSN used as a key.
const quoteName = (name: string) => (/^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(name) && !/\d{4}/.test(name) ? `'${name}'` : '(unnamed)');
