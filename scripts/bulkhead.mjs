// Measures whether one federal source's outage slows another: SSA throughput and latency with DHS
// healthy, then with DHS down while VLP requests keep arriving and retrying. Targets a running hub
// (npm start) with the default ports and development admin token; prints figures, asserts nothing.
//   node scripts/bulkhead.mjs [--count 400] [--concurrency 20]
const arg = (name, fallback) => Number(process.argv[process.argv.indexOf(`--${name}`) + 1]) || fallback;
const COUNT = arg('count', 400);
const CONCURRENCY = arg('concurrency', 20);
const GATEWAY = 'http://127.0.0.1:3000';
const CONSOLE = 'http://127.0.0.1:3001';
const HUB = 'http://127.0.0.1:4000';
const ADMIN = process.env.HUB_ADMIN_TOKEN ?? 'dev-admin-token';

const json = async (url, method, body, token) => {
  const response = await fetch(url, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body && JSON.stringify(body) });
  return response.status === 204 ? null : response.json();
};
const exchange = `bulkhead-${Date.now().toString(36)}`;
await json(`${CONSOLE}/v1/admin/exchanges`, 'POST', { id: exchange, name: 'Bulkhead check' }, ADMIN);
const { key } = await json(`${CONSOLE}/v1/admin/credentials`, 'POST', { role: 'submitter', exchangeId: exchange }, ADMIN);

let serial = 1000;
const ssn = () => `1${String(10 + (serial % 89)).padStart(2, '0')}45${String(1000 + (serial++ % 8999)).padStart(4, '0')}`.slice(0, 9);
const ssaBody = () => ({ service: 'ssa-composite', subject: { ssn: ssn(), lastName: 'Silva', dateOfBirth: '1980-01-01' } });
const vlpBody = () => ({ service: 'vlp-step1', subject: { firstName: 'Ana', lastName: 'Silva', dateOfBirth: '1980-01-01', document: { i551: { alienNumber: `A12345${String(serial++ % 1000).padStart(3, '0')}`, receiptNumber: 'EAC1234567890' } } } });

async function untilDone(id) {
  for (;;) {
    const v = await json(`${GATEWAY}/v1/verifications/${id}`, 'GET', undefined, key);
    if (v.status === 'completed' || v.status === 'failed') return v;
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function ssaRound(label) {
  const latencies = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next++ < COUNT) {
      const t0 = performance.now();
      const { id } = await json(`${GATEWAY}/v1/verifications`, 'POST', ssaBody(), key);
      await untilDone(id);
      latencies.push(performance.now() - t0);
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const p = (q) => latencies[Math.floor(q * (latencies.length - 1))].toFixed(1);
  console.log(`${label.padEnd(28)} ${COUNT} SSA verifications: ${(COUNT / seconds).toFixed(0)}/s, submit->completed p50 ${p(0.5)} ms, p95 ${p(0.95)} ms, p99 ${p(0.99)} ms`);
}

await json(`${HUB}/admin/reset`, 'POST');
await ssaRound('DHS healthy');
await json(`${HUB}/admin/faults`, 'PUT', { dhs: { outage: true } });
let stop = false;
let dhsSent = 0;
const dhsLoad = (async () => {
  while (!stop) {
    await json(`${GATEWAY}/v1/verifications`, 'POST', vlpBody(), key);
    dhsSent++;
    await new Promise((r) => setTimeout(r, 20));
  }
})();
await ssaRound('DHS down, VLP retrying');
stop = true;
await dhsLoad;
await json(`${HUB}/admin/reset`, 'POST');
console.log(`(${dhsSent} VLP verifications were submitted and retried against the DHS outage meanwhile)`);
