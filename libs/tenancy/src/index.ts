export * from './tenant-admin.schemas';
export * from './tenant-admin.service';
export * from './webhook-url';
