import 'reflect-metadata';
import { BATCH_BODY_LIMIT_BYTES, BATCH_BODY_LIMIT_TEXT, NDJSON_CONTENT_TYPE } from '@dxhub/contracts';
import { assertDependenciesReachable, runProcess, startHttpApp } from '@dxhub/platform';
import { gatewayTls } from './gateway-tls';
import { loadGatewayConfig } from './gateway.config';
import { GatewayModule } from './gateway.module';

runProcess('gateway', async () => {
  const config = loadGatewayConfig();
  const mutualTls = gatewayTls(config);
  await assertDependenciesReachable('gateway', { databaseUrl: config.DATABASE_URL, redisUrl: config.REDIS_URL });
  await startHttpApp({
    processName: 'gateway',
    module: GatewayModule.forRoot(config),
    port: config.GATEWAY_PORT,
    host: config.HOST,
    jsonOnlyPrefix: '/v1/',
    mutualTls,
    // POST /v1/batches streams its NDJSON body to the handler (CONTRACT: up to 100 MB, 415 for another type).
    streamedBodies: [{ method: 'POST', path: '/v1/batches', contentType: NDJSON_CONTENT_TYPE, limitBytes: BATCH_BODY_LIMIT_BYTES, limitText: BATCH_BODY_LIMIT_TEXT }],
    openApi: {
      title: 'dxhub gateway',
      description: 'Verifications for state exchange backends. Errors are application/problem+json (RFC 9457).',
      bearerAuth: true,
    },
  });
});
