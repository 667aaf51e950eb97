import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Redis from 'ioredis';
import { call, E2E_ENV, E2E_LOG_DIR, pollUntil, ssaRequest, testSsn, urls } from '@dxhub/testing';
import { newExchange } from './e2e-fixtures';

const run = promisify(execFile);

/** Every value in the e2e Redis db, as text, whatever the key's type. */
async function dumpRedis(redis: Redis): Promise<string> {
  const keys = await redis.keys('*');
  const parts: string[] = keys.slice();
  for (const key of keys) {
    const type = await redis.type(key);
    if (type === 'string') parts.push(String(await redis.get(key)));
    if (type === 'hash') parts.push(JSON.stringify(await redis.hgetall(key)));
    if (type === 'list') parts.push(JSON.stringify(await redis.lrange(key, 0, -1)));
    if (type === 'set') parts.push(JSON.stringify(await redis.smembers(key)));
    if (type === 'zset') parts.push(JSON.stringify(await redis.zrange(key, 0, -1)));
    if (type === 'stream') parts.push(JSON.stringify(await redis.xrange(key, '-', '+')));
  }
  return parts.join('\n');
}

// CONTRACT/issue: full SSNs used in a run appear nowhere in the processes' output, in Redis, or in a
// plain-text dump of the database.
describe('no full SSN at rest or in logs', () => {
  it('keeps SSNs out of logs, Redis and the database dump', async () => {
    const { key } = await newExchange('pii');
    const ssns = [testSsn(1), testSsn(8, false), testSsn(9)];
    const ids: string[] = [];
    for (const [i, ssn] of ssns.entries()) {
      const lastName = i === 2 ? 'Rejected' : 'Silva';
      ids.push((await call(urls.gateway, 'POST', '/v1/verifications', { token: key, body: ssaRequest(ssn, lastName) })).body.id);
    }
    // A rejected body still crosses the gateway: its SSN must not be logged either.
    await call(urls.gateway, 'POST', '/v1/verifications', { token: key, body: { ...ssaRequest(ssns[0]), unknown: 1 } });
    for (const id of ids) {
      await pollUntil(() => call(urls.gateway, 'GET', `/v1/verifications/${id}`, { token: key }), (r) => ['completed', 'failed'].includes(r.body.status));
    }
    await new Promise((resolve) => setTimeout(resolve, 500)); // let the processes flush their logs

    const digits = ssns.map((ssn) => ssn.replace(/-/g, ''));
    const dashed = digits.map((d) => `${d.slice(0, 3)}-${d.slice(3, 5)}-${d.slice(5)}`);
    const leaks = (text: string) => [...digits, ...dashed].filter((ssn) => text.includes(ssn));

    const logFiles = readdirSync(E2E_LOG_DIR, { recursive: true, encoding: 'utf8' })
      .map((file) => join(E2E_LOG_DIR, file))
      .filter((path) => statSync(path).isFile());
    const logs = logFiles.map((path) => readFileSync(path, 'utf8')).join('\n');
    expect(logs.length).toBeGreaterThan(0);
    expect(leaks(logs)).toEqual([]);

    const redis = new Redis(E2E_ENV.REDIS_URL);
    try {
      const redisText = await dumpRedis(redis);
      expect(redisText).toContain(ids[0]); // the jobs are there, carrying ids only
      expect(leaks(redisText)).toEqual([]);
    } finally {
      redis.disconnect();
    }

    const { stdout: dump } = await run('pg_dump', ['--data-only', E2E_ENV.DATABASE_OWNER_URL], { maxBuffer: 512 * 1024 * 1024 });
    expect(dump).toContain(ids[0]);
    expect(leaks(dump)).toEqual([]);
  });
});
