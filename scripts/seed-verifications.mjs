// Fills a database with synthetic verifications to measure the operations console at volume: the overview
// must answer in under a second with a million verifications, and the failed-transfers table must page
// through 100,000 failed ones smoothly. Not part of the tests; it prints what it did.
//
//   npm run build
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/dxhub_seed node scripts/seed-verifications.mjs [--count 1000000] [--failed 100000]
//
// The database is created and migrated when missing. Rows are synthetic and carry no PII: the request is a
// placeholder that is never decrypted, and results are empty. Ten exchanges ("seed-00".."seed-09") are
// created. About one verification in 200 has a federal attempt in the last hour, so the charts have data.
import { createRequire } from 'node:module';
import pg from 'pg';
import { monotonicFactory } from 'ulid';

const require = createRequire(import.meta.url);
const { ensureDatabase, runMigrations } = require('../dist/libs/persistence/src/database-setup.js');

const arg = (name, fallback) => Number(process.argv[process.argv.indexOf(`--${name}`) + 1]) || fallback;
const COUNT = arg('count', 1_000_000);
const FAILED = Math.min(arg('failed', 100_000), COUNT);
const BATCH = 10_000;
const PARALLEL = 4;
const DAYS = 30;
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/dxhub_seed';
if (/\/dxhub$/.test(url) && !process.argv.includes('--yes')) {
  console.error(`refusing to seed ${url} (the development hub's database) without --yes`);
  process.exit(1);
}

const SERVICES = [
  ['ssa-composite', 'ssa'], ['vlp-step1', 'dhs'], ['ifsv', 'irs'], ['vci', 'equifax'], ['esi-mec', 'opm'], ['non-esi-mec', 'cms-mec'], ['ridp-primary', 'experian'],
];
const ERRORS = [
  ['HX005001', 'Unexpected exception at the trusted data source'], ['HE007000', 'Schema validation failure'], ['HX009000', 'Unexpected exception at the Hub'], ['TIMEOUT', 'No answer within 10000 ms'],
];

await ensureDatabase(url);
await runMigrations(url);
const pool = new pg.Pool({ connectionString: url, max: PARALLEL });
await pool.query(
  `INSERT INTO exchanges (id, name) SELECT 'seed-' || lpad(n::text, 2, '0'), 'Seed exchange ' || n FROM generate_series(0, 9) n ON CONFLICT DO NOTHING`,
);

const ulid = monotonicFactory();
const now = Date.now();
const span = DAYS * 86_400_000;
const started = performance.now();

// Row i: created at evenly spread times over the last 30 days (oldest first, so ids ascend with time);
// every (COUNT / FAILED)-th row failed, a few open ones at the newest end, the rest completed or cancelled.
async function insertBatch(from, to) {
  const ids = [];
  const created = [];
  for (let i = from; i < to; i++) {
    const at = now - span + Math.floor((span * i) / COUNT);
    ids.push(`ver_${ulid(at)}`);
    created.push(new Date(at).toISOString());
  }
  const failEvery = FAILED ? COUNT / FAILED : Infinity;
  await pool.query(
    `INSERT INTO verifications (id, exchange_id, service, source, status, outcome, reference, request_enc, ssn_last4, response_code, error,
                                attempts, round, request_hash, correlation_id, created_at, updated_at, completed_at)
     SELECT r.id, 'seed-' || lpad(((r.n + r.n / 10) % 10)::text, 2, '0'), s.service, s.source, st.status,
            CASE WHEN st.status = 'completed' THEN (ARRAY['verified','verified','verified','not_verified','inconclusive'])[1 + r.n % 5] END,
            'seed-' || r.n, 'seed', lpad((r.n % 10000)::text, 4, '0'),
            CASE WHEN st.status = 'completed' THEN 'HS000000' END,
            CASE WHEN st.status = 'failed' THEN jsonb_build_object('code', e.code, 'message', e.message, 'source', s.source, 'attempts', 1 + r.n % 5) END,
            CASE WHEN st.status = 'queued' THEN 0 ELSE 1 + r.n % 5 END, 0, 'seed', 'seed-' || r.n, r.created,
            r.created + interval '2 seconds', CASE WHEN st.status IN ('completed', 'failed', 'cancelled') THEN r.created + interval '2 seconds' END
     FROM unnest($1::text[], $2::timestamptz[]) WITH ORDINALITY AS r0(id, created, ord)
     CROSS JOIN LATERAL (SELECT r0.id, r0.created, ($3::bigint + r0.ord - 1) AS n) r
     CROSS JOIN LATERAL (SELECT (ARRAY[${SERVICES.map(([s]) => `'${s}'`).join(',')}])[1 + r.n % ${SERVICES.length}] AS service,
                                (ARRAY[${SERVICES.map(([, s]) => `'${s}'`).join(',')}])[1 + r.n % ${SERVICES.length}] AS source) s
     CROSS JOIN LATERAL (SELECT (ARRAY[${ERRORS.map(([c]) => `'${c}'`).join(',')}])[1 + (r.n / 7) % ${ERRORS.length}] AS code,
                                (ARRAY[${ERRORS.map(([, m]) => `'${m}'`).join(',')}])[1 + (r.n / 7) % ${ERRORS.length}] AS message) e
     CROSS JOIN LATERAL (SELECT CASE
         WHEN floor(r.n / $4::float8) <> floor((r.n + 1) / $4::float8) THEN 'failed'
         WHEN r.n >= $5::bigint - 300 THEN (ARRAY['queued','in_progress','awaiting_federal'])[1 + r.n % 3]
         WHEN r.n % 100 = 1 THEN 'cancelled'
         ELSE 'completed' END AS status) st`,
    [ids, created, from, failEvery, COUNT],
  );
}

let next = 0;
let done = 0;
await Promise.all(
  Array.from({ length: PARALLEL }, async () => {
    while (next < COUNT) {
      const from = next;
      const to = (next = Math.min(COUNT, next + BATCH));
      await insertBatch(from, to);
      done += to - from;
      if (done % 100_000 < BATCH) process.stderr.write(`  ${done.toLocaleString('en-US')} verifications\n`);
    }
  }),
);

// The last hour of federal calls: attempts on a sample of the newest verifications, about 10 % failing.
await pool.query(
  `INSERT INTO federal_attempts (verification_id, attempt_no, message_id, started_at, finished_at, http_status, response_code, result)
   SELECT v.id, 1, gen_random_uuid(), t.at, t.at + interval '300 milliseconds',
          CASE WHEN f THEN 500 ELSE 200 END, CASE WHEN f THEN 'HX005001' ELSE 'HS000000' END, CASE WHEN f THEN 'retryable' ELSE 'success' END
   FROM (SELECT id, row_number() OVER () AS n FROM verifications WHERE exchange_id LIKE 'seed-%' ORDER BY id DESC LIMIT $1) v
   CROSS JOIN LATERAL (SELECT now() - (random() * interval '60 minutes') AS at, random() < 0.1 + v.n * 0 AS f WHERE v.n > 0) t
   ON CONFLICT DO NOTHING`,
  [Math.ceil(COUNT / 200)],
);
await pool.query('VACUUM ANALYZE verifications');
await pool.query('VACUUM ANALYZE federal_attempts');
const { rows } = await pool.query(`SELECT status, count(*)::int AS n FROM verifications GROUP BY status ORDER BY status`);
console.log(`seeded ${COUNT.toLocaleString('en-US')} verifications in ${((performance.now() - started) / 1000).toFixed(1)} s into ${url.replace(/\/\/[^@]*@/, '//')}`);
console.log(Object.fromEntries(rows.map((r) => [r.status, r.n])));
await pool.end();
