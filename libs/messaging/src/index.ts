export * from './job-options';
export * from './outbox-dispatch';
export * from './outbox-relay';
export * from './queue-registry';
export * from './redis-connection';
export * from './retry-policy';
export * from './redis.module';
export * from './webhook-retry-policy';
