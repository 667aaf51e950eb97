// Tests never touch a running hub: their own database, Redis db number and key prefix.
process.env.NODE_ENV ??= 'test';
process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/dxhub_test';
process.env.REDIS_URL ??= 'redis://127.0.0.1:6379/1';
process.env.REDIS_PREFIX ??= 'dxhub-test';
process.env.LOG_LEVEL ??= 'silent';
