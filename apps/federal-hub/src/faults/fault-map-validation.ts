import { HttpStatus } from '@nestjs/common';
import { z } from 'zod';
import { SimulatorHttpError } from '../errors/simulator-http-error';
import { faultMapSchema } from './fault-config';

export interface FieldError {
  field: string;
  message: string;
}

/** Parses a `PUT /admin/faults` body, or throws 400 `{ error, errors: [{ field, message }] }`. */
export function parseFaultMap(body: unknown): z.infer<typeof faultMapSchema> {
  const parsed = faultMapSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw new SimulatorHttpError(HttpStatus.BAD_REQUEST, { error: 'invalid_request', errors: parsed.error.issues.flatMap(fieldErrors) });
}

function fieldErrors(issue: z.core.$ZodIssue): FieldError[] {
  const at = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ field: [...at, key].join('.'), message: 'is not a known source or field' }));
  }
  return [{ field: at.join('.') || '(body)', message: issue.message }];
}
