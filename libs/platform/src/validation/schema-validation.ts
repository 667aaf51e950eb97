import Ajv2020, { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { FieldError } from '../http/problem';
import { Problems } from '../http/problem';

// JSON Schema validation for every body the hub's APIs take: strict, all errors at once, each named by
// its field. Schemas may carry `x-message` (the error shown when their `pattern` or `not` fails) and
// `x-not-future` (a date after today is refused); other validators ignore both.

const MAX_ERRORS = 20;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** The keywords whose failure shows the schema's `x-message` instead of Ajv's text. */
const CUSTOM_MESSAGE_KEYWORDS = new Set(['pattern', 'not']);

export function createStrictAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true });
  addFormats(ajv, ['date', 'date-time', 'uri']);
  ajv.addKeyword({ keyword: 'x-message', schemaType: 'string' });
  ajv.addKeyword({
    keyword: 'x-not-future',
    type: 'string',
    schemaType: 'boolean',
    error: { message: 'must not be in the future' },
    validate: (enabled: boolean, value: string) => !enabled || value <= new Date().toISOString().slice(0, 10),
  });
  return ajv;
}

function fieldOf(error: ErrorObject): string {
  const path = error.instancePath.split('/').slice(1).join('.');
  const child =
    error.keyword === 'required' ? (error.params as { missingProperty: string }).missingProperty
    : error.keyword === 'additionalProperties' ? (error.params as { additionalProperty: string }).additionalProperty
    : undefined;
  return [path, child].filter(Boolean).join('.') || 'body';
}

function messageOf(error: ErrorObject): string {
  if (error.keyword === 'required') return 'is required';
  if (error.keyword === 'additionalProperties') return 'is not an allowed field';
  if (error.keyword === 'format' && error.params.format === 'date') return 'must be a real calendar date YYYY-MM-DD';
  const custom = (error.parentSchema as Record<string, unknown> | undefined)?.['x-message'];
  if (CUSTOM_MESSAGE_KEYWORDS.has(error.keyword) && typeof custom === 'string') return custom;
  return error.message ?? 'is invalid';
}

/** The first MAX_ERRORS distinct field errors (a body with 50,000 unknown fields has 50,000 Ajv errors). */
export function fieldErrorsOf(errors: ErrorObject[] | null | undefined): FieldError[] {
  const seen = new Set<string>();
  const fieldErrors: FieldError[] = [];
  for (const error of errors ?? []) {
    const fieldError = { field: fieldOf(error), message: messageOf(error) };
    const key = `${fieldError.field}|${fieldError.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    fieldErrors.push(fieldError);
    if (fieldErrors.length === MAX_ERRORS) break;
  }
  return fieldErrors;
}

/**
 * A failed validation's field errors, taken off the validator. Ajv keeps a validator's last errors until its
 * next call, and in verbose mode each one holds the data it judged: without this every endpoint kept its last
 * bad body alive (measured: the console reached its 160 MB heap cap under the hostile corpus, whose bodies
 * with 50,000 unknown fields each left 50,000 errors, 8.6 MB, on their endpoint's validator).
 */
export function takeFieldErrors(validate: ValidateFunction): FieldError[] {
  const errors = fieldErrorsOf(validate.errors);
  validate.errors = null;
  return errors;
}

interface KeyFrame {
  value: unknown;
  key?: string;
  parent?: KeyFrame;
}

function pathOf(frame: KeyFrame): string {
  const keys: string[] = [];
  for (let f: KeyFrame | undefined = frame; f?.key !== undefined; f = f.parent) keys.unshift(f.key);
  return keys.join('.');
}

/**
 * Keys that could pollute prototypes are refused before any schema sees the body. Iterative: a body nested
 * 100,000 deep (well within the size limit) would overflow the stack of a recursive walk and answer 500.
 */
export function findForbiddenKey(value: unknown): string | undefined {
  const stack: KeyFrame[] = [{ value }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    if (frame.value === null || typeof frame.value !== 'object') continue;
    for (const key of Object.keys(frame.value)) {
      const child = { value: (frame.value as Record<string, unknown>)[key], key, parent: frame };
      if (FORBIDDEN_KEYS.has(key)) return pathOf(child);
      stack.push(child);
    }
  }
  return undefined;
}

/** A validator for one body schema that throws a 400 problem naming each bad field. */
export function bodyValidator<T>(schema: Record<string, unknown>, ajv: Ajv2020 = createStrictAjv()): (body: unknown) => T {
  const validate = ajv.compile(schema);
  return (body: unknown): T => {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw Problems.validation([{ field: 'body', message: 'must be a JSON object' }]);
    }
    const forbidden = findForbiddenKey(body);
    if (forbidden) throw Problems.validation([{ field: forbidden, message: 'is a forbidden key' }]);
    if (!validate(body)) throw Problems.validation(takeFieldErrors(validate));
    return body as T;
  };
}
