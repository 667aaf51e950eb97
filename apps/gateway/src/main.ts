import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { checkDatabaseRole } from '@dxhub/hub-core';
import { amqpEnabled, safeAmqpUrl } from '@dxhub/messaging';
import { BATCH_BODY_LIMIT_BYTES, BATCH_BODY_LIMIT_TEXT, NDJSON_CONTENT_TYPE } from '@dxhub/contracts';
import { assertDependenciesReachable, runProcess, startHttpApp } from '@dxhub/platform';
import { AmqpRequestServer } from './amqp/amqp-request.server';
import { gatewayTls } from './gateway-tls';
import { loadGatewayConfig } from './gateway.config';
import { GatewayModule } from './gateway.module';

runProcess('gateway', async () => {
  const config = loadGatewayConfig();
  const mutualTls = gatewayTls(config);
  await assertDependenciesReachable('gateway', { databaseUrl: config.DATABASE_URL, redisUrl: config.REDIS_URL });
  await checkDatabaseRole('gateway', config);
  const amqp = amqpEnabled(config.AMQP_URL) ? new AmqpRequestServer(config.AMQP_URL, config.AMQP_PREFETCH) : null;
  const app = await startHttpApp({
    processName: 'gateway',
    module: GatewayModule.forRoot(config, amqp),
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
  // The message-broker channel: a hybrid app. Not awaited: HTTP serves while RabbitMQ is away (the
  // connection keeps retrying, and /health names it until the queue is consumed).
  if (amqp) {
    const logger = new Logger('AmqpChannel');
    app.connectMicroservice({ strategy: amqp });
    app
      .startAllMicroservices()
      .then(() => logger.log(`consuming dxhub.requests at ${safeAmqpUrl(config.AMQP_URL)}`))
      .catch((error: Error) => logger.error({ err: error }, 'the AMQP channel could not start'));
  }
});
