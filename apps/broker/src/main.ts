import 'reflect-metadata';
import { checkDatabaseRole } from '@dxhub/hub-core';
import { assertDependenciesReachable, runProcess, startHttpApp } from '@dxhub/platform';
import { loadBrokerConfig } from './broker.config';
import { BrokerModule } from './broker.module';

runProcess('broker', async () => {
  const config = loadBrokerConfig();
  await assertDependenciesReachable('broker', { databaseUrl: config.DATABASE_URL, redisUrl: config.REDIS_URL });
  await checkDatabaseRole('broker', config);
  // The broker serves no API: its HTTP port is only for /health and /metrics.
  await startHttpApp({ processName: 'broker', module: BrokerModule.forRoot(config), port: config.BROKER_HEALTH_PORT, host: config.HOST });
});
