// One side of PERFORMANCE.md's "ideal pipeline", the least a durable hub must do per message, with no framework:
//   producer: INSERT the request row, BullMQ `add` of its id (`concurrency` loops, or paced at `rate`/s; pg pool of 10)
//   worker:   BullMQ worker (concurrency 50) with a no-op "federal call", then in one transaction UPDATE the row
//             with a result and INSERT an audit row.
// Run by ideal-pipeline.mjs as two processes (like the hub's gateway and broker):
//   node ideal-pipeline-process.mjs producer|worker   with BENCH_IDEAL='{"databaseUrl",...}'
import { Queue, Worker } from 'bullmq';
import Redis from 'ioredis';
import pg from 'pg';
import { pace } from './pacer.mjs';

const role = process.argv[2];
const config = JSON.parse(process.env.BENCH_IDEAL);
const QUEUE = 'ideal';
const KEEP_COMPLETED = { age: 3600, count: 10_000 }; // as the hub's queues

// About 1 KB of JSON, like a stored verification request.
const PAYLOAD = JSON.stringify({
  service: 'ssa-composite',
  subject: { ssnIndex: 'x'.repeat(64), ssnLast4: '6789', firstName: 'Ana', lastName: 'Silva', dateOfBirth: '1980-02-29' },
  options: { citizenship: true, incarceration: true },
  padding: 'p'.repeat(700),
});
const RESULT = JSON.stringify({ ssnVerified: true, deathConfirmed: false, citizenshipVerified: true, incarcerated: false, responseCode: 'HS000000' });

const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 10 });

/** Stores one message (with its schedule when paced) and queues its id. */
async function send(queue, scheduled = null) {
  const { rows } = await pool.query('INSERT INTO bench_ideal_requests (payload, scheduled_at) VALUES ($1, $2) RETURNING id', [PAYLOAD, scheduled]);
  await queue.add('call', { id: rows[0].id }, { removeOnComplete: KEEP_COMPLETED });
}

/** Closed loop: `concurrency` loops, each sending its next message when the last one is queued. */
async function sendAsFastAsAnswered(queue) {
  let next = 0;
  await Promise.all(
    Array.from({ length: config.concurrency }, async () => {
      while (next < config.count) {
        next++;
        await send(queue);
      }
    }),
  );
}

if (role === 'producer') {
  const queue = new Queue(QUEUE, { connection: new Redis(config.redisUrl, { maxRetriesPerRequest: 1 }), prefix: config.prefix });
  await queue.waitUntilReady();
  await pool.query('SELECT 1');
  // Start on the bench's signal, so that start-up is not counted in the CPU per message.
  const go = new Promise((resolve) => process.once('SIGUSR1', resolve));
  process.stdout.write('ready\n');
  await go;
  // Paced (an open loop): each message's schedule is stored with it, so its latency counts from there.
  if (config.rate) await pace({ rate: config.rate, total: config.count, send: (index, scheduled) => send(queue, new Date(scheduled)) });
  else await sendAsFastAsAnswered(queue);
  // Stay alive until told, so the bench can read this process's CPU time before it goes.
  process.stdout.write('sent\n');
  process.on('SIGTERM', async () => {
    await queue.obliterate({ force: true }); // the run's jobs are measured by now: leave nothing in Redis
    await queue.close();
    await pool.end();
    process.exit(0);
  });
}

if (role === 'worker') {
  const federalCall = async () => RESULT; // no-op: the simulator's answer at zero latency
  const worker = new Worker(
    QUEUE,
    async (job) => {
      const result = await federalCall();
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(`UPDATE bench_ideal_requests SET status = 'completed', result = $2, completed_at = now() WHERE id = $1`, [job.data.id, result]);
        await client.query(`INSERT INTO bench_ideal_audit (request_id, kind, message) VALUES ($1, 'completed', $2)`, [job.data.id, result]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    { connection: new Redis(config.redisUrl, { maxRetriesPerRequest: null }), prefix: config.prefix, concurrency: 50 },
  );
  await worker.waitUntilReady();
  process.stdout.write('ready\n');
  process.on('SIGTERM', async () => {
    await worker.close();
    await pool.end();
    process.exit(0);
  });
}
