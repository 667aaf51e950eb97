// Starts the compiled hub (npm run build first) for the end-to-end suite. Plain JS over dist/: Jest's
// module mapping does not apply to global setup files.
const Redis = require('ioredis');
const { rmSync } = require('node:fs');
const t = require('../dist/libs/testing/src');

module.exports = async function globalSetup() {
  await t.recreateDatabase(t.E2E_ENV.DATABASE_OWNER_URL, t.E2E_ENV.DATABASE_URL);
  const redis = new Redis(t.E2E_ENV.REDIS_URL);
  await redis.flushdb();
  redis.disconnect();
  rmSync(t.E2E_LOG_DIR, { recursive: true, force: true });
  await t.recreateRabbitVhost(t.E2E_ENV.AMQP_URL, t.E2E_ENV.AMQP_MANAGEMENT_URL);

  const env = { ...process.env, ...t.E2E_ENV };
  await t.assertPortsFree(env);
  globalThis.__HUB__ = t.HUB_PROCESSES.map((name) => t.startHubProcess(t.E2E_ROOT, name, env, t.E2E_LOG_DIR));
  await Promise.all(t.HUB_PROCESSES.map((name) => t.waitForHealthy(name, env)));
};
