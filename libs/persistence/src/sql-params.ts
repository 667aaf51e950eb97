/** Collects positional parameters while a statement is assembled: sql`... ${p(value)} ...`. */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}
