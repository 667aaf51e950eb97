import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';
import { grantAppRole } from './database-roles';

/** The same server's `postgres` database, from which others are created. */
export function maintenanceUrl(url: string): string {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  return admin.toString();
}

/** Creates the database named in the URL when it is missing (connecting to the server's `postgres` db). */
export async function ensureDatabase(url: string): Promise<boolean> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new Error(`unsupported database name "${name}" in DATABASE_URL`);
  const client = new Client({ connectionString: maintenanceUrl(url) });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return false;
    await client.query(`CREATE DATABASE "${name}"`);
    return true;
  } catch (error) {
    // Another process created it between our check and CREATE: fine.
    if ((error as { code?: string }).code === '42P04') return false;
    throw error;
  } finally {
    await client.end();
  }
}

/** Applies pending migrations; returns their names. */
export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = await new DataSource(dataSourceOptions(url, 1)).initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}

export interface PreparedDatabase {
  created: boolean;
  applied: string[];
  /** The processes' role that was granted least privilege, or null for a single-role setup. */
  appRole: string | null;
}

/**
 * What `npm start`, `dxhub db:setup` and the test tiers do first: create the database when missing, migrate
 * it as the owner, then grant the processes' role (DATABASE_URL's user) least privilege.
 */
export async function prepareDatabase(ownerUrl: string, appUrl: string): Promise<PreparedDatabase> {
  const created = await ensureDatabase(ownerUrl);
  const applied = await runMigrations(ownerUrl);
  const appRole = await grantAppRole(ownerUrl, appUrl);
  return { created, applied, appRole };
}
