import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { call, E2E_ROOT, pollUntil, ssaRequest, testSsn, urls } from '@dxhub/testing';
import { newExchange, newKey } from './e2e-fixtures';

// The operations console in a real headless Chromium (Debian's package, never a downloaded browser), against
// the real processes: what an operator who has never seen it does on a bad day, and an auditor's check.
// Screenshots of every page land in test/artifacts/screenshots/ for review.

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = join(E2E_ROOT, 'test', 'artifacts', 'screenshots');
const REASON = 'SSA outage over (e2e)';

jest.setTimeout(120_000);

describe('operations console in a browser', () => {
  let browser: Browser;
  let page: Page;
  let exchangeId: string;
  let operatorKey: string;
  let auditorKey: string;
  /** Failed while SSA was down (HX005001): re-drivable once it is back. */
  let outageVictim: string;
  /** Rejected by the Hub (HE007000): the one whose reason the operator looks up. */
  let rejected: string;

  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name });

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const exchange = await newExchange('ui');
    exchangeId = exchange.exchangeId;
    operatorKey = await newKey('operator');
    auditorKey = await newKey('auditor');

    // Two failed transfers: one while SSA is down (every call 500 HX005001 until the retries run out), then,
    // with SSA back, one the Hub rejects (HE007000).
    const submit = (lastName: string) => call(urls.gateway, 'POST', '/v1/verifications', { token: exchange.key, body: ssaRequest(testSsn(1), lastName, { reference: `ui-${lastName}` }) });
    const failed = (id: string) =>
      pollUntil(async () => (await call(urls.gateway, 'GET', `/v1/verifications/${id}`, { token: exchange.key })).body.status, (s) => s === 'failed', 60_000, 250);
    await call(urls.federalHub, 'PUT', '/admin/faults', { body: { ssa: { errorRate: 1 } } });
    try {
      outageVictim = (await submit('Silva')).body.id;
      expect(await failed(outageVictim)).toBe('failed');
    } finally {
      await call(urls.federalHub, 'POST', '/admin/reset');
    }
    rejected = (await submit('Rejected')).body.id;
    expect(await failed(rejected)).toBe('failed');

    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 1366, height: 900 }, timezoneId: 'America/New_York' });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  const signIn = async (key: string) => {
    await page.goto(`${urls.console}/`);
    await heading('Sign in to the operations console').waitFor();
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
  };

  it('refuses a wrong key with a readable message, then signs an operator in to the overview', async () => {
    await page.goto(`${urls.console}/`);
    await heading('Sign in to the operations console').waitFor();
    await shot('01-sign-in');
    await page.getByLabel('API key').fill('dxh_not-a-real-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Could not sign in' }).waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('not valid');

    await signIn(operatorKey);
    await heading('Overview').waitFor();
    await page.getByRole('heading', { name: 'Federal sources' }).waitFor();
    // The live stream has connected, and the failures wait for an operator.
    await page.getByText(/^Live · updated/).waitFor();
    expect(await page.getByRole('list', { name: 'What needs attention' }).textContent()).toMatch(/failed transfers? wait for an operator/);
    expect(await page.locator('main table').first().textContent()).toMatch(/ssa.*dhs.*irs.*equifax.*opm.*cms-mec.*experian/);
    // Roles respected: no audit page for an operator.
    expect(await page.getByRole('link', { name: 'Audit' }).count()).toBe(0);
    await shot('02-overview');
  });

  it('filters failed transfers, re-drives one with a reason, and shows the result', async () => {
    await page.getByRole('link', { name: 'Failed transfers', exact: true }).click();
    await heading('Failed transfers').waitFor();
    await page.getByLabel('Exchange').fill(exchangeId);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const rows = page.locator('table.data tbody tr');
    expect(await pollUntil(() => rows.count(), (n) => n === 2, 10_000, 100)).toBe(2);
    await page.getByLabel('Error code').fill('HX005001');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    expect(await pollUntil(() => rows.count(), (n) => n === 1, 10_000, 100)).toBe(1);
    expect(await rows.first().textContent()).toContain(outageVictim);
    await shot('03-failed-transfers-filtered');

    await page.getByRole('checkbox', { name: `Select ${outageVictim}` }).check();
    await page.getByRole('button', { name: 'Re-drive selected' }).click();
    const dialog = page.getByRole('dialog', { name: /Re-drive 1 transfer/ });
    await dialog.getByLabel(/Reason/).fill(REASON);
    await shot('04-re-drive-dialog');
    await dialog.getByRole('button', { name: 'Re-drive' }).click();
    const result = page.getByRole('status').filter({ hasText: 'Re-drive:' });
    await result.waitFor();
    expect(await result.textContent()).toContain(`${outageVictim}: re-driven`);
    await shot('05-re-drive-result');
  });

  it('follows the re-driven verification to completion on its timeline', async () => {
    await page.getByRole('link', { name: outageVictim }).first().click();
    await heading(/Verification/).waitFor();
    await page.locator('.badge', { hasText: 'Completed' }).waitFor({ timeout: 30_000 });
    const timeline = page.locator('ol.timeline');
    expect(await timeline.textContent()).toContain('Operator action');
    expect(await timeline.textContent()).toContain('Completed');
    expect(await timeline.textContent()).toContain('HX005001');
    expect(await page.locator('dl.facts').textContent()).toMatch(/\*\*\*-\*\*-\d{4}/);
    await shot('06-verification-completed');
  });

  it('finds why the other one failed', async () => {
    await page.goto(`${urls.console}/#/failed?exchangeId=${exchangeId}`);
    await page.getByRole('link', { name: rejected }).click();
    const why = page.getByRole('region', { name: 'Why it failed' });
    await why.waitFor();
    expect(await why.textContent()).toContain('HE007000');
    expect(await why.textContent()).toContain('rejected');
    await shot('07-verification-why-it-failed');
  });

  it('runs a reconciliation and reads its report', async () => {
    await page.getByRole('link', { name: 'Reconciliation', exact: true }).click();
    await heading('Reconciliation').waitFor();
    await page.getByRole('button', { name: 'Run now' }).click();
    const report = page.locator('section.report');
    await report.getByText(/Checked \d+/).waitFor({ timeout: 30_000 });
    await shot('08-reconciliation');
  });

  it('shows the queues dashboard behind the same sign-in', async () => {
    await page.goto(`${urls.console}/queues`);
    await page.getByText('federal-ssa').first().waitFor({ timeout: 20_000 });
    await shot('09-queues');
  });

  it('signs out', async () => {
    await page.goto(`${urls.console}/#/overview`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You are signed out.').waitFor();
    expect((await call(urls.console, 'GET', '/v1/ops/overview', { headers: { cookie: (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ') } })).status).toBe(401);
  });

  it('lets an auditor search the journal but not re-drive', async () => {
    await signIn(auditorKey);
    await heading('Audit journal').waitFor();
    expect(await page.getByRole('link', { name: 'Failed transfers' }).count()).toBe(0);
    await page.getByLabel('Verification id').fill(outageVictim);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    // Only that verification's events once the search is done (sign-ins have none).
    const events = page.locator('table.data').first();
    expect(await pollUntil(async () => (await events.textContent()) ?? '', (t) => t.includes('operator.action') && !t.includes('staff.session'), 10_000, 100)).toContain('verification.completed');
    await shot('10-audit-events');
    await page.goto(`${urls.console}/#/failed`);
    await heading('Not available to your role').waitFor();
  });

  // Needs GET /v1/audit/integrity (issue 6, built on main in parallel): passes once merged with it.
  it('as an auditor, checks the journal integrity', async () => {
    await page.goto(`${urls.console}/#/audit`);
    await heading('Audit journal').waitFor();
    await page.getByRole('button', { name: 'Check integrity' }).click();
    await page.getByRole('status').filter({ hasText: 'Intact.' }).waitFor({ timeout: 30_000 });
    await shot('11-audit-integrity');
  });
});
