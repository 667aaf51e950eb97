/** One differing leaf between two JSON documents, named by its path (`a.b[2].c`). */
export interface FieldDiff {
  field: string;
  recorded: unknown;
  replayed: unknown;
}

/** Leaves of a JSON value by path; an empty object or array is a leaf of its own. */
function leaves(value: unknown, path: string, into: Map<string, unknown>): Map<string, unknown> {
  if (Array.isArray(value) && value.length) value.forEach((v, i) => leaves(v, `${path}[${i}]`, into));
  else if (value && typeof value === 'object' && Object.keys(value).length) {
    for (const [key, v] of Object.entries(value)) leaves(v, path ? `${path}.${key}` : key, into);
  } else into.set(path || '$', value);
  return into;
}

/**
 * Identifiers the Hub issues afresh for each call (a proofing transaction, its session, a DHS case): they name a
 * transaction, they are not part of a decision, so a replay does not compare them.
 */
export const ISSUED_IDENTIFIERS: ReadonlySet<string> = new Set(['hubReferenceNumber', 'sessionIdentification', 'caseNumber']);

const lastKey = (path: string) => path.slice(path.lastIndexOf('.') + 1).replace(/\[\d+\]$/, '');

/** Field-by-field differences between a recorded and a replayed federal answer (in the recorded one's field order). */
export function diffResponses(recorded: unknown, replayed: unknown, ignore: ReadonlySet<string> = ISSUED_IDENTIFIERS): FieldDiff[] {
  const a = leaves(recorded, '', new Map());
  const b = leaves(replayed, '', new Map());
  for (const map of [a, b]) for (const path of [...map.keys()]) if (ignore.has(lastKey(path))) map.delete(path);
  const diffs: FieldDiff[] = [];
  for (const [field, value] of a) {
    if (!b.has(field)) diffs.push({ field, recorded: value, replayed: undefined });
    else if (JSON.stringify(b.get(field)) !== JSON.stringify(value)) diffs.push({ field, recorded: value, replayed: b.get(field) });
  }
  for (const [field, value] of b) if (!a.has(field)) diffs.push({ field, recorded: undefined, replayed: value });
  return diffs;
}
