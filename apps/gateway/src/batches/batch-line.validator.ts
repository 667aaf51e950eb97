import { ServiceDefinition, VerificationRequest, VerificationRequestValidator } from '@dxhub/contracts';
import type { FieldError } from '@dxhub/platform';
import { canonicalJson } from '../verifications/request-hash';
import type { NdjsonLine } from './ndjson-lines';

export type CheckedLine = { hashInput: string } & (
  | { ok: true; request: VerificationRequest; definition: ServiceDefinition }
  | { ok: false; errors: FieldError[] }
);

/** `line 17: subject.ssn` (CONTRACT's example); an error about the whole line is just `line 17`. */
export function lineField(number: number, field: string): string {
  return field === 'body' ? `line ${number}` : `line ${number}: ${field}`;
}

/**
 * One batch line is one POST /v1/verifications body, checked by the very same validator (the service's JSON
 * Schema and cross-field rules), with its errors named by line. Multi-step services are refused here: their
 * previous step must be a completed verification, which a batch cannot establish line by line at this scale
 * (and a line cannot continue another line of the same batch, which is not completed yet).
 */
export class BatchLineValidator {
  private readonly validator = new VerificationRequestValidator();

  /** null for a blank line (skipped; it keeps its number so the next lines keep theirs). */
  check(line: NdjsonLine): CheckedLine | null {
    const fail = (hashInput: string, errors: FieldError[]): CheckedLine => ({ ok: false, hashInput, errors });
    if (line.tooLong) return fail(`\u0000too-long:${line.number}`, [{ field: lineField(line.number, 'body'), message: 'is over 1 MB: one verification request per line' }]);
    const text = line.bytes.toString('utf8');
    if (!text.trim()) return null;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return fail(text, [{ field: lineField(line.number, 'body'), message: 'is not valid JSON' }]);
    }
    const result = this.validator.validate(body);
    // An invalid line hashes as written (canonicalising it first could recurse 100,000 levels deep).
    if (!result.ok) return fail(text, result.errors.map((e) => ({ field: lineField(line.number, e.field), message: e.message })));
    // Two uploads mean the same when their lines mean the same (key order, spacing): the Idempotency-Key check.
    const hashInput = canonicalJson(body);
    if (result.definition.previous) {
      return fail(hashInput, [
        {
          field: lineField(line.number, 'service'),
          message: `${result.definition.service} continues an earlier verification (previousVerificationId): submit it alone to POST /v1/verifications, not in a batch`,
        },
      ]);
    }
    return { ok: true, hashInput, request: result.request, definition: result.definition };
  }
}
