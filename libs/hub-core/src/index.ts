export * from './core-env';
export * from './hub-core.module';
export * from './verification.presenter';
export * from './database-role-check';
export * from './batch.presenter';
