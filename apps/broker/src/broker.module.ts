import { DynamicModule, Module } from '@nestjs/common';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { checkpointSigningKey } from '@dxhub/audit';
import { HubCoreModule, VerificationPresenter } from '@dxhub/hub-core';
import { amqpConnectionCheck, amqpEnabled, OutboxRelay, QueueCloser, queuePrefix, QueueRegistry, REDIS } from '@dxhub/messaging';
import { BatchCompletion } from './batches/batch-completion';
import { BatchDispatcher } from './batches/batch-dispatcher';
import { BATCH_SETTINGS, BatchSettings } from './batches/batch-settings';
import type { BrokerConfig } from './broker.config';
import { AmqpDeliveryService } from './deliveries/amqp-delivery.service';
import { AMQP_RESULT_PUBLISHER, AmqpResultPublisher } from './deliveries/amqp-result.publisher';
import { DeliveryProcessor } from './deliveries/delivery.processor';
import { WebhookDeliveryService } from './deliveries/webhook-delivery.service';
import { ImmediateWebhooks } from './deliveries/immediate-webhooks';
import { WEBHOOK_SETTINGS, WebhookSettings } from './deliveries/webhook-settings';
import { WebhookClient } from './deliveries/webhook.client';
import { CIRCUIT_SETTINGS, CircuitBreakers } from './federal/circuit-breakers';
import { FederalHubClient } from './federal/federal-hub.client';
import { FederalMessageValidator } from './federal/federal-message-validator';
import { FEDERAL_SETTINGS, FederalSettings } from './federal/federal-settings';
import { FederalTokenService } from './federal/federal-token.service';
import { AuditChainerHost } from './journal/audit-chainer.host';
import { JournalHousekeeping } from './journal/journal-housekeeping.service';
import { JournalMaintenanceWorker } from './journal/journal-maintenance.worker';
import { JOURNAL_SETTINGS, JournalSettings } from './journal/journal-settings';
import { OutboxRelayHost } from './outbox/outbox-relay.host';
import { RECONCILE_IDLE_MS, ReconcilerService } from './reconciliation/reconciler.service';
import { RECONCILE_EVERY_MS, ReconciliationWorker } from './reconciliation/reconciliation.worker';
import { AuditReplayService } from './replays/audit-replay.service';
import { AuditReplayWorker } from './replays/audit-replay.worker';
import { PlannerStatisticsHost } from './statistics/planner-statistics.host';
import { FederalTransferService } from './transfers/federal-transfer.service';
import { FederalWorkers } from './transfers/federal-workers.service';
import { WORKER_OPTIONS } from './worker-options';

/**
 * Works the queues: relays the outbox, carries transfers to the federal Hub, delivers results to exchanges,
 * links the audit journal's hash chain, signs its checkpoints and runs replays. Health on BROKER_HEALTH_PORT.
 */
@Module({})
export class BrokerModule {
  static forRoot(config: BrokerConfig): DynamicModule {
    const federal: FederalSettings = {
      baseUrl: config.FEDERAL_HUB_URL,
      clientId: config.FEDERAL_CLIENT_ID,
      clientSecret: config.FEDERAL_CLIENT_SECRET,
      timeoutMs: config.FEDERAL_TIMEOUT_MS,
      pollIntervalMs: config.FEDERAL_POLL_INTERVAL_MS,
    };
    const webhooks: WebhookSettings = {
      timeoutMs: config.WEBHOOK_TIMEOUT_MS,
      retry: { baseMs: config.WEBHOOK_RETRY_BASE_MS, horizonMs: config.WEBHOOK_RETRY_HORIZON_MS },
    };
    const journal: JournalSettings = {
      signingKey: checkpointSigningKey(config.AUDIT_SIGNING_KEY),
      checkpointEveryMs: config.AUDIT_CHECKPOINT_EVERY_MS,
      retentionDays: config.AUDIT_RETENTION_DAYS,
      chainIdleMs: config.AUDIT_CHAIN_IDLE_MS,
    };
    // Results of verifications that came over AMQP are published back there (AMQP_URL=off: none are).
    const amqp = amqpEnabled(config.AMQP_URL) ? new AmqpResultPublisher(config.AMQP_URL) : null;
    const batches: BatchSettings = {
      inFlight: config.BATCH_IN_FLIGHT,
      dispatchEveryMs: config.BATCH_DISPATCH_EVERY_MS,
      sweepEveryMs: config.BATCH_SWEEP_EVERY_MS,
    };
    return {
      module: BrokerModule,
      imports: [
        HubCoreModule.forRoot({
          processName: 'broker',
          env: config,
          redisRole: 'worker',
          httpAutoLogging: false,
          peers: [{ name: 'federal-hub', healthUrl: new URL('/health', federal.baseUrl).toString() }],
          healthChecks: amqp ? [amqpConnectionCheck(() => amqp.isConnected())] : [],
        }),
      ],
      providers: [
        { provide: FEDERAL_SETTINGS, useValue: federal },
        { provide: WORKER_OPTIONS, useValue: { concurrency: config.FEDERAL_CONCURRENCY } },
        { provide: WEBHOOK_SETTINGS, useValue: webhooks },
        VerificationPresenter,
        WebhookClient,
        WebhookDeliveryService,
        ImmediateWebhooks,
        { provide: AMQP_RESULT_PUBLISHER, useFactory: () => amqp },
        AmqpDeliveryService,
        DeliveryProcessor,
        {
          provide: CIRCUIT_SETTINGS,
          useValue: { minCalls: config.CIRCUIT_MIN_CALLS, failureRate: config.CIRCUIT_FAILURE_RATE, windowMs: config.CIRCUIT_WINDOW_MS, openMs: config.CIRCUIT_OPEN_MS },
        },
        CircuitBreakers,
        { provide: RECONCILE_EVERY_MS, useValue: config.RECONCILE_EVERY_MS },
        { provide: RECONCILE_IDLE_MS, useValue: config.RECONCILE_IDLE_MS },
        ReconcilerService,
        ReconciliationWorker,
        {
          provide: QueueRegistry,
          useFactory: (redis: Redis) => new QueueRegistry(redis, queuePrefix(config.REDIS_PREFIX)),
          inject: [REDIS],
        },
        {
          provide: OutboxRelay,
          useFactory: (db: DataSource, queues: QueueRegistry) => new OutboxRelay(db, queues, config.DATABASE_URL),
          inject: [DataSource, QueueRegistry],
        },
        QueueCloser,
        OutboxRelayHost,
        FederalTokenService,
        FederalHubClient,
        FederalMessageValidator,
        FederalTransferService,
        FederalWorkers,
        { provide: JOURNAL_SETTINGS, useValue: journal },
        AuditChainerHost,
        JournalHousekeeping,
        JournalMaintenanceWorker,
        AuditReplayService,
        AuditReplayWorker,
        { provide: BATCH_SETTINGS, useValue: batches },
        BatchDispatcher,
        BatchCompletion,
        PlannerStatisticsHost,
      ],
    };
  }
}
