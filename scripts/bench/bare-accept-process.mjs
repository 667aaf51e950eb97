// PERFORMANCE.md's "bare Fastify: INSERT row + BullMQ add + 202", as a server the bench drives exactly like the
// gateway's accept path (same clients, same bodies): the least an HTTP front door that stores a request
// durably and queues it can cost on this machine, with no framework, checks, encryption or audit.
//   node bare-accept-process.mjs server   with BENCH_BARE='{"databaseUrl","redisUrl","prefix"}'; prints `ready <url>`
import Fastify from 'fastify';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import pg from 'pg';

const config = JSON.parse(process.env.BENCH_BARE);
const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 10 }); // as the hub's pool
const queue = new Queue('bare', { connection: new Redis(config.redisUrl, { maxRetriesPerRequest: 1 }), prefix: config.prefix });
const app = Fastify({ logger: false });

app.post('/v1/verifications', async (request, reply) => {
  const { rows } = await pool.query('INSERT INTO bench_bare_requests (payload) VALUES ($1) RETURNING id', [request.body]);
  const id = String(rows[0].id);
  await queue.add('call', { id }, { removeOnComplete: true });
  return reply.code(202).send({ id, status: 'queued' });
});

await queue.waitUntilReady();
await pool.query('SELECT 1');
const url = await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`ready ${url}\n`);
process.on('SIGTERM', async () => {
  await app.close();
  await queue.obliterate({ force: true }); // measured by now: leave nothing in Redis
  await queue.close();
  await pool.end();
  process.exit(0);
});
