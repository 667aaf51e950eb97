import { REDACTED, scrubString } from '@dxhub/platform';

/**
 * Keys whose values are facts about the exchange, not about a person: codes, indicators, statuses, ids and
 * actions. Everything else that is a string or a number (names, SSNs, dates of birth, addresses, incomes,
 * document numbers, answers) is redacted: an allowlist, so that a field added to a federal schema tomorrow
 * is hidden until someone decides it is safe.
 */
const SAFE_KEY =
  /^(responseCode|responseText|responseDescriptionText|.*Code|.*Indicator|status|outcome|kind|service|action|reason|id|.*Id|.*ID|attempts?|attemptNo|httpStatus|type|round|count|.*Count|limit|role|trigger|filter|from|to|afterSeq|toSeq|fromSeq|format|privileged|ok|checked|firstBadSeq|matched|mismatched|total|path|url)$/;

function redactValue(value: unknown, key: string | null): unknown {
  if (value === null || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, key));
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, redactValue(v, k)]));
  }
  if (key !== null && SAFE_KEY.test(key)) return typeof value === 'string' ? scrubString(value) : value;
  return REDACTED;
}

/** A stored message as an export without privilege shows it: its structure and codes, no personal data. */
export function redactMessage(text: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return `${REDACTED} (${Buffer.byteLength(text, 'utf8')} bytes, not JSON)`;
  }
  return redactValue(parsed, null);
}
