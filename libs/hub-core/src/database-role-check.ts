import { journalPrivilegeProblem } from '@dxhub/persistence';
import { exitWithMessage } from '@dxhub/platform';

/** Production refuses to run as a role that could rewrite the audit journal; development only says so. */
export async function checkDatabaseRole(processName: string, config: { DATABASE_URL: string; NODE_ENV: string }): Promise<void> {
  const problem = await journalPrivilegeProblem(config.DATABASE_URL);
  if (!problem) return;
  if (config.NODE_ENV === 'production') exitWithMessage(processName, `refusing to start: ${problem}.`);
  process.stderr.write(`dxhub ${processName}: warning: ${problem} (refused in production).\n`);
}
