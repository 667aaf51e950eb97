// The operations console at volume, against a running console (e.g. over the database filled by
// scripts/seed-verifications.mjs). Prints figures; asserts nothing.
//
//   CONSOLE_URL=http://127.0.0.1:3001 OPERATOR_KEY=dxh_... node scripts/console-figures.mjs [--pages 0]
//
// 1. GET /v1/ops/overview, computed afresh (calls 2.1 s apart, past the shared 2 s cache) and from the cache.
// 2. GET /v1/ops/failed-transfers, every page of 100 rows through the whole list (or --pages N), newest first.
// 3. The overview page in headless Chromium (/usr/bin/chromium): sign in, then a reload until the numbers show.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const BASE = process.env.CONSOLE_URL ?? 'http://127.0.0.1:3001';
const KEY = process.env.OPERATOR_KEY;
if (!KEY) {
  console.error('OPERATOR_KEY is required (an operator key of that console: npm run dxhub -- credentials create --role operator)');
  process.exit(1);
}
const PAGES = Number(process.argv[process.argv.indexOf('--pages') + 1]) || Infinity;
const headers = { authorization: `Bearer ${KEY}` };
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const stats = (ms) => {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(0);
  return `n=${sorted.length} p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${sorted[sorted.length - 1].toFixed(0)} ms`;
};
async function timed(path) {
  const started = performance.now();
  const response = await fetch(`${BASE}${path}`, { headers });
  const body = await response.json();
  if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(body)}`);
  return { ms: performance.now() - started, body };
}

const fresh = [];
const cached = [];
let overview;
for (let i = 0; i < 6; i++) {
  const first = await timed('/v1/ops/overview');
  fresh.push(first.ms);
  overview = first.body;
  cached.push((await timed('/v1/ops/overview')).ms);
  await sleep(2_100);
}
const total = Object.values(overview.byStatus).reduce((a, b) => a + b, 0);
console.log(`verifications in the database: ${total.toLocaleString('en-US')} (failed ${overview.byStatus.failed.toLocaleString('en-US')})`);
console.log(`GET /v1/ops/overview computed:  ${stats(fresh)}`);
console.log(`GET /v1/ops/overview cached:    ${stats(cached)}`);

const pages = [];
let cursor = null;
let rows = 0;
do {
  const page = await timed(`/v1/ops/failed-transfers?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
  pages.push(page.ms);
  rows += page.body.data.length;
  cursor = page.body.nextCursor;
} while (cursor && pages.length < PAGES);
console.log(`GET /v1/ops/failed-transfers, ${rows.toLocaleString('en-US')} rows in ${pages.length} pages of 100: ${stats(pages)}`);
const sorted = [];
cursor = null;
for (let i = 0; i < 20; i++) {
  const page = await timed(`/v1/ops/failed-transfers?limit=100&sort=errorCode${cursor ? `&cursor=${cursor}` : ''}`);
  sorted.push(page.ms);
  cursor = page.body.nextCursor;
}
console.log(`  sorted by error code, first 20 pages: ${stats(sorted)}`);

const { chromium } = require('playwright-core');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
const page = await browser.newPage();
await page.goto(`${BASE}/`);
await page.getByLabel('API key').fill(KEY);
await page.getByRole('button', { name: 'Sign in' }).click();
await page.getByRole('heading', { name: 'Federal sources' }).waitFor();
const loads = [];
for (let i = 0; i < 5; i++) {
  await sleep(2_100);
  const started = performance.now();
  await page.reload();
  await page.getByRole('heading', { name: 'Federal sources' }).waitFor();
  loads.push(performance.now() - started);
}
console.log(`overview page load (reload until the numbers show, signed in): ${stats(loads)}`);
await browser.close();
