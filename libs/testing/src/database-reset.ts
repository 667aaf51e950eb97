import { Client } from 'pg';
import { ensureDatabase, maintenanceUrl, runMigrations } from '@dxhub/persistence';

/** Drops and recreates a test database, then migrates it: every run starts from nothing. */
export async function recreateDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  if (!name.includes('test') && !name.includes('e2e')) throw new Error(`refusing to drop ${name}: not a test database`);
  const admin = new Client({ connectionString: maintenanceUrl(url) });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  await ensureDatabase(url);
  await runMigrations(url);
}
