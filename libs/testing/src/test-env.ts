import { testSlot } from './test-slot';

// Tests never touch a running hub: their own database, Redis db number and key prefix.
process.env.NODE_ENV ??= 'test';
process.env.DATABASE_URL ??= `postgres://postgres@127.0.0.1:5432/${testSlot.database('dxhub_test')}`;
process.env.REDIS_URL ??= `redis://127.0.0.1:6379/${testSlot.redisDb(1)}`;
process.env.REDIS_PREFIX ??= testSlot.prefix('dxhub-test');
process.env.LOG_LEVEL ??= 'silent';
