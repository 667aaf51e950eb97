// Latency of one verification at a time on an idle hub: POST (202) and submit -> completed, seen by
// polling every 2 ms. Targets a running hub (npm start) with the default ports and development admin
// token; prints figures, asserts nothing.   node scripts/idle-latency.mjs [--count 200]
const arg = (name, fallback) => Number(process.argv[process.argv.indexOf(`--${name}`) + 1]) || fallback;
const COUNT = arg('count', 200);
const GATEWAY = 'http://127.0.0.1:3000';
const CONSOLE = 'http://127.0.0.1:3001';
const ADMIN = process.env.HUB_ADMIN_TOKEN ?? 'dev-admin-token';

const json = async (url, method, body, token) => {
  const response = await fetch(url, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: body && JSON.stringify(body) });
  return { status: response.status, body: await response.json() };
};
const exchange = `latency-${Date.now().toString(36)}`;
await json(`${CONSOLE}/v1/admin/exchanges`, 'POST', { id: exchange, name: 'Idle latency' }, ADMIN);
const key = (await json(`${CONSOLE}/v1/admin/credentials`, 'POST', { role: 'submitter', exchangeId: exchange }, ADMIN)).body.key;

const accept = [];
const complete = [];
for (let i = 0; i < COUNT; i++) {
  // A valid SSN per request (area 1xx, group 45, serial never 0000), last digit 0-8: a completed answer.
  const ssn = `1${String(10 + (i % 89)).padStart(2, '0')}45${100 + (i % 900)}${i % 9}`;
  const t0 = performance.now();
  const submitted = await json(`${GATEWAY}/v1/verifications`, 'POST', { service: 'ssa-composite', subject: { ssn, lastName: 'Silva', dateOfBirth: '1980-01-01' } }, key);
  if (submitted.status !== 202) throw new Error(`submit answered ${submitted.status}: ${JSON.stringify(submitted.body)}`);
  accept.push(performance.now() - t0);
  for (;;) {
    const { body } = await json(`${GATEWAY}/v1/verifications/${submitted.body.id}`, 'GET', undefined, key);
    if (body.status === 'completed' || body.status === 'failed') break;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  complete.push(performance.now() - t0);
  if ((i + 1) % 50 === 0) process.stderr.write(`${i + 1}/${COUNT}\n`);
}
const pct = (list, q) => list.slice().sort((a, b) => a - b)[Math.floor(q * (list.length - 1))].toFixed(1);
console.log(`${COUNT} sequential ssa-composite verifications on an idle hub`);
console.log(`  202 accept          p50 ${pct(accept, 0.5)} ms  p95 ${pct(accept, 0.95)} ms  p99 ${pct(accept, 0.99)} ms`);
console.log(`  submit -> completed p50 ${pct(complete, 0.5)} ms  p95 ${pct(complete, 0.95)} ms  p99 ${pct(complete, 0.99)} ms (polled every 2 ms)`);
