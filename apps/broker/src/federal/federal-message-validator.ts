import { Injectable } from '@nestjs/common';
import type Ajv from 'ajv-draft-04';
import { FederalSchemas, SERVICE_CATALOGUE } from '@dxhub/contracts';
import { draft04SchemaId, federalSchemaFolder, loadDraft04Schemas } from '@dxhub/platform';

/**
 * Checks what we send and what we receive against the real Hub's schemas (schemas/federal/), so a
 * mismatch between the hub and the federal side shows as it would in production.
 */
@Injectable()
export class FederalMessageValidator {
  private readonly folders = new Map<string, Ajv>();

  constructor() {
    // Load every schema the catalogue names now: a missing file fails the start, not a transfer.
    for (const { federal } of SERVICE_CATALOGUE) {
      for (const schemas of [federal.schemas, federal.poll?.schemas]) {
        if (schemas) for (const file of [schemas.request, schemas.response]) this.validatorOf(schemas.folder, file);
      }
    }
  }

  /** null when valid (or when the Hub publishes no schema for the call), else a short reason. */
  requestProblem(schemas: FederalSchemas | undefined, message: unknown): string | null {
    return schemas ? this.problem(schemas.folder, schemas.request, message) : null;
  }

  responseProblem(schemas: FederalSchemas | undefined, message: unknown): string | null {
    return schemas ? this.problem(schemas.folder, schemas.response, message) : null;
  }

  private problem(folder: string, file: string, message: unknown): string | null {
    const validate = this.validatorOf(folder, file);
    if (validate(message)) return null;
    // Paths and keywords only: messages could quote values, and values may be PII.
    return (validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.keyword}`).join('; ');
  }

  private validatorOf(folder: string, file: string) {
    let ajv = this.folders.get(folder);
    if (!ajv) {
      ajv = loadDraft04Schemas(federalSchemaFolder(folder));
      this.folders.set(folder, ajv);
    }
    const validate = ajv.getSchema(draft04SchemaId(file));
    if (!validate) throw new Error(`federal schema ${folder}/${file} is not there`);
    return validate;
  }
}
