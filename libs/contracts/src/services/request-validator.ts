import type { ValidateFunction } from 'ajv/dist/2020';
import { createStrictAjv, FieldError, findForbiddenKey, takeFieldErrors } from '@dxhub/platform';
import { findService, SERVICE_CATALOGUE, serviceNames } from './catalogue';
import type { ServiceDefinition, VerificationRequest } from './service-definition';

export type ValidationResult =
  | { ok: true; request: VerificationRequest; definition: ServiceDefinition }
  | { ok: false; errors: FieldError[] };

/** Validates a verification request against its service's schema: the same schema GET /v1/services serves. */
export class VerificationRequestValidator {
  private readonly validators = new Map<string, ValidateFunction>();

  constructor() {
    const ajv = createStrictAjv();
    for (const definition of SERVICE_CATALOGUE) this.validators.set(definition.service, ajv.compile(definition.requestSchema));
  }

  validate(body: unknown): ValidationResult {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      return { ok: false, errors: [{ field: 'body', message: 'must be a JSON object' }] };
    }
    const forbidden = findForbiddenKey(body);
    if (forbidden) return { ok: false, errors: [{ field: forbidden, message: 'is a forbidden key' }] };
    const service = (body as { service?: unknown }).service;
    const definition = typeof service === 'string' ? findService(service) : undefined;
    if (!definition) {
      return { ok: false, errors: [{ field: 'service', message: `must be one of: ${serviceNames().join(', ')}` }] };
    }
    const validate = this.validators.get(definition.service)!;
    if (validate(body)) {
      const request = body as VerificationRequest;
      const errors = definition.check?.(request) ?? [];
      return errors.length ? { ok: false, errors } : { ok: true, request, definition };
    }
    return { ok: false, errors: takeFieldErrors(validate) };
  }
}
