import { Client } from 'pg';
import { maintenanceUrl, prepareDatabase } from '@dxhub/persistence';

/**
 * Drops and recreates a test database, then migrates it as `url`'s (owner) user and grants `appUrl`'s user
 * as `npm start` does: every run starts from nothing.
 */
export async function recreateDatabase(url: string, appUrl = url): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  if (!name.includes('test') && !name.includes('e2e')) throw new Error(`refusing to drop ${name}: not a test database`);
  const admin = new Client({ connectionString: maintenanceUrl(url) });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  await prepareDatabase(url, appUrl);
}
