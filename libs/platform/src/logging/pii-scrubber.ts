// Log redaction: whatever reaches a log line passes through here first (MARS-E / Pub 1075: no SSN in logs).
// Keys that name secrets or PII are masked whole; any string shaped like an SSN is masked wherever it hides
// (messages, error texts, nested objects).

const SENSITIVE_KEY = /^(ssn|ssnLast4|personSocialSecurityNumber|dateOfBirth|personBirthDate|subject|authorization|cookie|key|secret|password|token|access_token|client_secret)$/i;
const SSN_SHAPED = /(?<![\d-])\d{3}-?\d{2}-?\d{4}(?![\d-])/g;
const MAX_DEPTH = 8;

export const REDACTED = '[redacted]';

/** A key whose value is masked whole, whatever it holds. */
export function isSensitiveKey(key: string): boolean {
  return SENSITIVE_KEY.test(key);
}

export function scrubString(text: string): string {
  return text.replace(SSN_SHAPED, '***-**-****');
}

export function scrubPii(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubString(value);
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value;
  if (value instanceof Error) {
    return { type: value.name, message: scrubString(value.message), stack: value.stack && scrubString(value.stack) };
  }
  if (Array.isArray(value)) return value.map((item) => scrubPii(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = isSensitiveKey(key) ? REDACTED : scrubPii(item, depth + 1);
  }
  return out;
}
