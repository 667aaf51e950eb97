import { Injectable } from '@nestjs/common';
import type { ValidateFunction } from 'ajv';
import { SERVICE_CATALOGUE } from '@dxhub/contracts';
import { draft04SchemaId, federalSchemaFolder, loadDraft04Schemas } from '@dxhub/platform';

/**
 * Checks what we send and what we receive against the real Hub's schemas (schemas/federal/), so a
 * mismatch between the hub and the federal side shows as it would in production.
 */
@Injectable()
export class FederalMessageValidator {
  private readonly validators = new Map<string, { request: ValidateFunction; response: ValidateFunction }>();

  constructor() {
    for (const { service, federal } of SERVICE_CATALOGUE) {
      if (!federal.schemas) continue;
      const ajv = loadDraft04Schemas(federalSchemaFolder(federal.schemas.folder));
      this.validators.set(service, {
        request: ajv.getSchema(draft04SchemaId(federal.schemas.request))!,
        response: ajv.getSchema(draft04SchemaId(federal.schemas.response))!,
      });
    }
  }

  /** null when valid (or when the service has no published schema), else a short reason. */
  requestProblem(service: string, message: unknown): string | null {
    return this.problem(this.validators.get(service)?.request, message);
  }

  responseProblem(service: string, message: unknown): string | null {
    return this.problem(this.validators.get(service)?.response, message);
  }

  private problem(validate: ValidateFunction | undefined, message: unknown): string | null {
    if (!validate || validate(message)) return null;
    // Paths and keywords only: messages could quote values, and values may be PII.
    return (validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.keyword}`).join('; ');
  }
}
