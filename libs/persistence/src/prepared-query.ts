import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { boundedMemo } from '@dxhub/platform';

/**
 * A hot-path statement as a named prepared statement, named after its text: PostgreSQL parses and plans it once
 * per connection instead of on every call (the data-modifying CTEs cost more to plan than to run). Same rows as
 * `dataSource.query` gives for a SELECT, an INSERT or a CTE ending in either; not for a top-level UPDATE or DELETE
 * (TypeORM answers those with [rows, count]). Outside transactions only: it takes any pooled connection.
 */
export async function preparedQuery<T = any>(dataSource: DataSource, text: string, values: unknown[] = []): Promise<T[]> {
  return (await poolOf(dataSource).query({ name: statementName(text), text, values })).rows as T[];
}

/** The `pg` pool under a TypeORM data source, for what TypeORM does not offer (named statements, multi-statement queries). */
export function poolOf(dataSource: DataSource): Pool {
  return (dataSource.driver as unknown as { master: Pool }).master;
}

// The hot path has a few dozen distinct texts: name each once, not with a hash per call.
const statementName = boundedMemo((text) => `dx_${createHash('sha1').update(text).digest('hex').slice(0, 28)}`);
