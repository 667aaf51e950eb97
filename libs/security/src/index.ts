export * from './auth/api-key';
export * from './auth/auth.guard';
export * from './auth/client-certificate';
export * from './auth/credential-resolver';
export * from './auth/roles';
export * from './auth/roles.decorator';
export * from './crypto/pii-cipher';
export * from './security.module';
