import { Client } from 'pg';
import { call, E2E_ENV, pollUntil, testSsn, urls } from '@dxhub/testing';
import { newExchange, newKey } from './e2e-fixtures';

// The income services (docs/test-subjects.md) through gateway, broker and simulator.
const finished = (r: { body: { status: string } }) => r.body.status === 'completed' || r.body.status === 'failed';

const member = (role: string, ssn: string, lastName = 'Silva') => ({ role, ssn, firstName: 'Ana', lastName });
const ifsvRequest = (...household: ReturnType<typeof member>[]) => ({ service: 'ifsv', household });
const vciRequest = (ssn: string, lastName = 'Silva') => ({ service: 'vci', subject: { ssn, firstName: 'Ana', lastName, dateOfBirth: '1980-02-29' } });

describe('income services end to end', () => {
  let key: string;
  beforeAll(async () => ({ key } = await newExchange('income')));

  async function submitAndWait(body: unknown, timeoutMs = 15_000) {
    const submitted = await call(urls.gateway, 'POST', '/v1/verifications', { token: key, body });
    expect(submitted.status).toBe(202);
    return pollUntil(() => call(urls.gateway, 'GET', `/v1/verifications/${submitted.body.id}`, { token: key }), finished, timeoutMs, 200);
  }

  it('lists both services in the catalogue, as income services', async () => {
    const catalogue = await call(urls.gateway, 'GET', '/v1/services', { token: key });
    const services = catalogue.body as { service: string; category: string; source: string; mode: string }[];
    expect(services.find((s) => s.service === 'ifsv')).toMatchObject({ category: 'income', source: 'irs', mode: 'sync' });
    expect(services.find((s) => s.service === 'vci')).toMatchObject({ category: 'income', source: 'equifax', mode: 'sync' });
  });

  describe('ifsv', () => {
    it("completes verified with the household's tax returns; the subject is the PRIMARY", async () => {
      const primary = testSsn(3);
      const done = await submitAndWait(ifsvRequest(member('DEPENDENT', testSsn(1)), member('PRIMARY', primary), member('SPOUSE', testSsn(4))));
      expect(done.body).toMatchObject({ status: 'completed', outcome: 'verified', subject: { ssnLast4: primary.slice(-4) }, result: { responseCode: 'HS000000' } });
      expect(done.body.result.taxReturns).toEqual([
        expect.objectContaining({ role: 'PRIMARY', ssnLast4: primary.slice(-4), filingStatusCode: '2', taxReturnYear: 2024, exemptions: 3, magi: expect.any(Number) }),
        expect.objectContaining({ role: 'DEPENDENT', filingStatusCode: '1', exemptions: 0, responseCode: 'HS000000' }),
      ]);
      expect(JSON.stringify(done.body)).not.toContain(primary.replace(/-/g, ''));
    });

    it.each([
      [6, 'inconclusive', 'HE020004'],
      [7, 'not_verified', 'HE020003'],
    ])('PRIMARY ending in %i completes %s (%s)', async (digit, outcome, code) => {
      const done = await submitAndWait(ifsvRequest(member('PRIMARY', testSsn(digit))));
      expect(done.body).toMatchObject({ status: 'completed', outcome, result: { responseCode: code } });
    });

    it('PRIMARY ending in 8: HE020001 at HTTP 500 is retried until the policy runs out', async () => {
      const done = await submitAndWait(ifsvRequest(member('PRIMARY', testSsn(8))), 50_000);
      expect(done.body).toMatchObject({ status: 'failed', attempts: 5, error: { code: 'HE020001', source: 'irs', attempts: 5 } });
    });

    it('a lastName trigger on any member applies: Transient on the spouse is retried and completes', async () => {
      const done = await submitAndWait(ifsvRequest(member('PRIMARY', testSsn(0)), member('SPOUSE', testSsn(2), 'Transient')), 30_000);
      expect(done.body).toMatchObject({ status: 'completed', outcome: 'verified', attempts: 3 });
    });

    it('Rejected on a dependent fails at once, with the code read from the IFSV envelope', async () => {
      const done = await submitAndWait(ifsvRequest(member('PRIMARY', testSsn(0)), member('DEPENDENT', testSsn(1), 'Rejected')));
      expect(done.body).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'HE007000', source: 'irs' } });
    });

    it('refuses a household with two PRIMARY members, naming the field', async () => {
      const refused = await call(urls.gateway, 'POST', '/v1/verifications', {
        token: key,
        body: ifsvRequest(member('PRIMARY', testSsn(0)), member('PRIMARY', testSsn(1))),
      });
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual([{ field: 'household', message: 'must have exactly one member with role PRIMARY' }]);
    });
  });

  describe('vci', () => {
    it('completes verified with the current employers', async () => {
      const done = await submitAndWait(vciRequest(testSsn(8)));
      expect(done.body).toMatchObject({ status: 'completed', outcome: 'verified', result: { asOfDate: '2025-06-30', responseCode: 'HS000000' } });
      expect(done.body.result.employers).toHaveLength(2);
      expect(done.body.result.annualizedIncome).toBeGreaterThan(0);
      expect(done.body.result.verificationId).toMatch(/^TWN\d{12}$/);
    });

    it.each([
      [6, 'inconclusive'],
      [7, 'not_verified'],
    ])('SSN ending in %i completes %s', async (digit, outcome) => {
      const done = await submitAndWait(vciRequest(testSsn(digit)));
      expect(done.body).toMatchObject({ status: 'completed', outcome });
    });

    it('Sourcedown: retries run out and the verification ends failed with HX005001', async () => {
      const done = await submitAndWait(vciRequest(testSsn(0), 'Sourcedown'), 50_000);
      expect(done.body).toMatchObject({ status: 'failed', attempts: 5, error: { code: 'HX005001', source: 'equifax' } });
    });
  });
});

describe('Federal Tax Information (IFSV results)', () => {
  it('shows the exchange its FTI and audits every read, but withholds it from hub staff', async () => {
    const { key } = await newExchange('fti');
    const submitted = await call(urls.gateway, 'POST', '/v1/verifications', { token: key, body: { service: 'ifsv', household: [member('PRIMARY', testSsn(1))] } });
    const done = await pollUntil(() => call(urls.gateway, 'GET', `/v1/verifications/${submitted.body.id}`, { token: key }), finished, 15_000, 100);
    expect(done.body.result.taxReturns.length).toBeGreaterThan(0);

    const db = new Client({ connectionString: E2E_ENV.DATABASE_OWNER_URL });
    await db.connect();
    try {
      const reads = await db.query(`SELECT kind, fti, actor FROM audit_events WHERE verification_id = $1 AND kind = 'fti.read'`, [submitted.body.id]);
      expect(reads.rows.length).toBeGreaterThan(0);
      expect(reads.rows.every((r) => r.fti === true && r.actor.startsWith('submitter:'))).toBe(true);
      const events = await db.query(`SELECT DISTINCT fti FROM audit_events WHERE verification_id = $1`, [submitted.body.id]);
      expect(events.rows).toEqual([{ fti: true }]); // every event about an FTI verification is marked FTI
    } finally {
      await db.end();
    }

    const operator = await newKey('operator');
    const asOperator = await call(urls.console, 'GET', `/v1/ops/verifications/${submitted.body.id}`, { token: operator });
    expect(asOperator.status).toBe(200);
    expect(asOperator.body).toMatchObject({ id: submitted.body.id, status: 'completed', fti: true, result: null });
  });
});
