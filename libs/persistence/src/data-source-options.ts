import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

/**
 * How long a pooled connection may sit idle before it is closed. `pg`'s default of 10 s emptied the pools in
 * any quiet spell, and the next burst paid for new backends and re-planned every prepared statement: an open
 * loop that followed 15 idle seconds ran 3-4 s behind before it caught up (docs/scaling.md, twelfth session).
 */
const IDLE_CONNECTION_MS = 5 * 60_000;

/** Migrations only, never synchronize (ARCHITECTURE.md §13). */
export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: { max: poolSize, idleTimeoutMillis: IDLE_CONNECTION_MS, application_name: 'dxhub' },
  };
}
