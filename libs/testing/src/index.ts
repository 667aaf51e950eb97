export * from './database-reset';
export * from './e2e-environment';
export * from './http-client';
export * from './hub-processes';
export * from './subjects';
export * from './integration-database';
export * from './local-http-server';
export * from './test-slot';
