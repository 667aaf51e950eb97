import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditModule } from '@dxhub/audit';
import { REDIS, RedisModule } from '@dxhub/messaging';
import { PersistenceModule } from '@dxhub/persistence';
import { databaseCheck, HealthCheck, httpCheck, LoggingModule, ObservabilityModule, redisCheck } from '@dxhub/platform';
import { SecurityModule } from '@dxhub/security';
import type { CoreEnv } from './core-env';

export interface HubCoreOptions {
  processName: 'gateway' | 'console' | 'broker';
  env: CoreEnv & { HUB_ADMIN_TOKEN?: string; RATE_LIMIT_PER_MINUTE?: number };
  /** Workers hold blocking connections (never give up a command); API producers fail fast. */
  redisRole: 'worker' | 'producer';
  /** Peer HTTP services this process needs, checked by /health (the broker's federal Hub). */
  peers?: { name: string; healthUrl: string }[];
  httpAutoLogging?: boolean;
  /** More dependencies /health checks, built by the app (the gateway's and broker's RabbitMQ link). */
  healthChecks?: HealthCheck[];
  /** The process serves mutual TLS (the gateway with TLS_* set): bind submitter keys to their exchange's certificate. */
  clientCertificates?: boolean;
  /** The console: staff may also sign in to the web UI, with a session kept in Redis for this long while idle. */
  sessions?: { ttlSeconds: number };
}

/**
 * What every hub process (gateway, console, broker) is built on: logs, PostgreSQL, Redis, PII encryption,
 * authentication and per-credential rate limits (when an admin token is given), the audit journal, /health and /metrics.
 */
@Module({})
export class HubCoreModule {
  static forRoot(options: HubCoreOptions): DynamicModule {
    const { env } = options;
    const peers = options.peers ?? [];
    return {
      module: HubCoreModule,
      imports: [
        LoggingModule.forRoot({ processName: options.processName, level: env.LOG_LEVEL, httpAutoLogging: options.httpAutoLogging }),
        PersistenceModule.forRoot(env.DATABASE_URL, env.DATABASE_POOL_SIZE),
        RedisModule.forRoot(env.REDIS_URL, options.redisRole, `dxhub-${options.processName}`, env.REDIS_CLUSTER),
        SecurityModule.forRoot({
          piiEncryptionKey: env.PII_ENCRYPTION_KEY,
          piiEncryptionKeysPrevious: env.PII_ENCRYPTION_KEYS_PREVIOUS,
          blindIndexKey: env.PII_BLIND_INDEX_KEY,
          adminToken: env.HUB_ADMIN_TOKEN,
          rateLimit: { perMinute: env.RATE_LIMIT_PER_MINUTE ?? 0, redisPrefix: env.REDIS_PREFIX, redis: REDIS },
          clientCertificates: options.clientCertificates,
          sessions: options.sessions && { ...options.sessions, redisPrefix: env.REDIS_PREFIX, redis: REDIS },
        }),
        AuditModule.forRoot(env.AUDIT_SEAL_KEY),
        ObservabilityModule.forRoot({
          inject: [DataSource, REDIS],
          useFactory: (db, redis): HealthCheck[] => [databaseCheck(db), redisCheck(redis), ...peers.map((p) => httpCheck(p.name, p.healthUrl)), ...(options.healthChecks ?? [])],
        }),
      ],
    };
  }
}
