import 'reflect-metadata';
import { checkDatabaseRole } from '@dxhub/hub-core';
import { assertDependenciesReachable, runProcess, startHttpApp } from '@dxhub/platform';
import { loadConsoleConfig } from './console.config';
import { ConsoleModule } from './console.module';
import { mountConsoleUi } from './ui/console-ui';

runProcess('console', async () => {
  const config = loadConsoleConfig();
  await assertDependenciesReachable('console', { databaseUrl: config.DATABASE_URL, redisUrl: config.REDIS_URL });
  await checkDatabaseRole('console', config);
  await startHttpApp({
    processName: 'console',
    module: ConsoleModule.forRoot(config),
    port: config.CONSOLE_PORT,
    host: config.HOST,
    jsonOnlyPrefix: '/v1/',
    configure: mountConsoleUi,
    openApi: {
      title: 'dxhub console',
      description: 'Administration, operations and audit for hub staff. Errors are application/problem+json (RFC 9457).',
      bearerAuth: true,
    },
  });
});
