/** Collects positional parameters while a statement is assembled: sql`... ${p(value)} ...`. */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  /** An array parameter whose length the planner does not see (`opaqueArray`). */
  array(values: unknown[], elementType: string): string {
    return opaqueArray(this.add(values), elementType);
  }
}

/**
 * `(SELECT $n::<type>[])::<type>[]`: an array parameter as an InitPlan, whose length the planner cannot see (the
 * outer cast keeps `= ANY(...)` from reading it as a subquery of rows).
 *
 * The hot statements are named prepared statements that take one array per column, a few elements long at
 * low load. Seen as constants, short arrays make each call's custom plan look cheaper than the generic plan
 * (which assumes 10 elements), so PostgreSQL planned every call afresh: 0.3-0.6 ms for the set-based CTEs,
 * more than some of them take to run. With one array of each `unnest` or `= ANY` hidden (a function scan's
 * row count is the largest of its arrays') the custom and generic plans cost the same, and PostgreSQL keeps
 * the generic plan after its first five calls on a connection.
 */
export function opaqueArray(param: string, elementType: string): string {
  return `(SELECT ${param}::${elementType}[])::${elementType}[]`;
}
