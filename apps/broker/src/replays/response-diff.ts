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

/** Field-by-field differences between a recorded and a replayed federal answer (in the recorded one's field order). */
export function diffResponses(recorded: unknown, replayed: unknown): FieldDiff[] {
  const a = leaves(recorded, '', new Map());
  const b = leaves(replayed, '', new Map());
  const diffs: FieldDiff[] = [];
  for (const [field, value] of a) {
    if (!b.has(field)) diffs.push({ field, recorded: value, replayed: undefined });
    else if (JSON.stringify(b.get(field)) !== JSON.stringify(value)) diffs.push({ field, recorded: value, replayed: b.get(field) });
  }
  for (const [field, value] of b) if (!a.has(field)) diffs.push({ field, recorded: undefined, replayed: value });
  return diffs;
}
