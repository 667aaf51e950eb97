export * from './core-env';
export * from './hub-core.module';
export * from './verification.presenter';
export * from './batch.presenter';
