import 'reflect-metadata';
import { checkDatabaseRole } from '@dxhub/hub-core';
import { assertDependenciesReachable, runProcess, startHttpApp } from '@dxhub/platform';
import { gatewayTls } from './gateway-tls';
import { loadGatewayConfig } from './gateway.config';
import { GatewayModule } from './gateway.module';

runProcess('gateway', async () => {
  const config = loadGatewayConfig();
  const mutualTls = gatewayTls(config);
  await assertDependenciesReachable('gateway', { databaseUrl: config.DATABASE_URL, redisUrl: config.REDIS_URL });
  await checkDatabaseRole('gateway', config);
  await startHttpApp({
    processName: 'gateway',
    module: GatewayModule.forRoot(config),
    port: config.GATEWAY_PORT,
    host: config.HOST,
    jsonOnlyPrefix: '/v1/',
    mutualTls,
    openApi: {
      title: 'dxhub gateway',
      description: 'Verifications for state exchange backends. Errors are application/problem+json (RFC 9457).',
      bearerAuth: true,
    },
  });
});
