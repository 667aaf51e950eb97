export * from './audit-journal';
export * from './audit-kinds';
export * from './audit.module';
