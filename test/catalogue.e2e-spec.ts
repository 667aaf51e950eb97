import { call, pollUntil, urls } from '@dxhub/testing';
import { newExchange } from './e2e-fixtures';
import { coverage, firstSteps, person } from './service-requests';

// Every service of the catalogue through gateway, queues, broker and simulator, with the request bodies a
// state developer would build from GET /v1/services and docs/test-subjects.md.

type Verification = { id: string; status: string; outcome: string | null; attempts: number; result: any; error: any };

describe('the full catalogue end to end', () => {
  let key: string;
  beforeAll(async () => ({ key } = await newExchange('catalogue')));

  const get = (id: string) => call<Verification>(urls.gateway, 'GET', `/v1/verifications/${id}`, { token: key });
  async function submit(service: string, body: Record<string, unknown>): Promise<string> {
    const submitted = await call(urls.gateway, 'POST', '/v1/verifications', { token: key, body: { service, ...body } });
    if (submitted.status !== 202) throw new Error(`${service}: ${submitted.status} ${submitted.text}`);
    return submitted.body.id;
  }
  async function run(service: string, body: Record<string, unknown>, timeoutMs = 20_000): Promise<Verification> {
    const id = await submit(service, body);
    const done = await pollUntil(() => get(id), (r) => ['completed', 'failed', 'cancelled'].includes(r.body.status), timeoutMs, 100);
    return done.body;
  }

  it('publishes every service with a JSON Schema, and each first step completes from a schema-valid body', async () => {
    const catalogue = (await call(urls.gateway, 'GET', '/v1/services', { token: key })).body as { service: string; requestSchema: any }[];
    expect(catalogue.map((s) => s.service).sort()).toEqual(
      ['esi-mec', 'fars', 'ifsv', 'non-esi-mec', 'ridp-primary', 'ridp-secondary', 'ssa-composite', 'vci', 'vlp-close-case', 'vlp-step1', 'vlp-step2', 'vlp-step3'],
    );
    for (const { requestSchema } of catalogue) expect(requestSchema).toMatchObject({ type: 'object', additionalProperties: false, required: expect.arrayContaining(['service']) });
    const results = await Promise.all(Object.entries(firstSteps).map(async ([service, body]) => [service, await run(service, body(1))] as const));
    for (const [service, verification] of results) {
      expect({ service, status: verification.status, responseCode: verification.result?.responseCode }).toEqual({ service, status: 'completed', responseCode: expect.stringMatching(/^H[SE]/) });
    }
  });

  it('gives the documented outcomes for the test subjects', async () => {
    const cases: Array<[string, number, string]> = [
      ['ssa-composite', 9, 'not_verified'],
      ['ifsv', 6, 'inconclusive'],
      ['ifsv', 7, 'not_verified'],
      ['vci', 8, 'verified'],
      ['vci', 7, 'not_verified'],
      ['esi-mec', 0, 'verified'],
      ['esi-mec', 5, 'not_verified'],
      ['non-esi-mec', 1, 'verified'],
      ['non-esi-mec', 3, 'not_verified'],
      ['non-esi-mec', 9, 'inconclusive'],
      ['ridp-primary', 0, 'verified'],
      ['ridp-primary', 9, 'not_verified'],
      ['vlp-step1', 2, 'verified'],
      ['vlp-step1', 9, 'not_verified'],
    ];
    const outcomes = await Promise.all(cases.map(async ([service, digit]) => (await run(service, firstSteps[service](digit))).outcome));
    expect(cases.map(([service, digit], i) => `${service}/${digit}: ${outcomes[i]}`)).toEqual(cases.map(([service, digit, outcome]) => `${service}/${digit}: ${outcome}`));
    const partial = await run('non-esi-mec', firstSteps['non-esi-mec'](9));
    expect(partial.result.partialResponse).toBe(true);
  });

  it('RIDP: primary RF2 -> secondary with the right answers -> ACC', async () => {
    const primary = await run('ridp-primary', firstSteps['ridp-primary'](4));
    expect(primary).toMatchObject({ status: 'completed', outcome: 'inconclusive', result: { finalDecisionCode: 'RF2', nextStep: 'ridp-secondary' } });
    const questions = primary.result.questions as { questionId: string; choices: { choiceId: string }[] }[];
    expect(questions).toHaveLength(4);
    const answers = questions.map((q) => ({ questionId: q.questionId, choiceId: q.choices[0].choiceId }));
    const secondary = await run('ridp-secondary', { previousVerificationId: primary.id, answers });
    expect(secondary).toMatchObject({ status: 'completed', outcome: 'verified', result: { finalDecisionCode: 'ACC' } });
  });

  it('RIDP: refuses answers to questions that were not asked, and a previous step of another exchange', async () => {
    const primary = await run('ridp-primary', firstSteps['ridp-primary'](3));
    const wrong = await call(urls.gateway, 'POST', '/v1/verifications', {
      token: key,
      body: { service: 'ridp-secondary', previousVerificationId: primary.id, answers: [{ questionId: '9', choiceId: '1' }, { questionId: '1', choiceId: '1' }, { questionId: '2', choiceId: '1' }] },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0].field).toMatch(/^answers/);
    const other = await newExchange('other');
    const foreign = await call(urls.gateway, 'POST', '/v1/verifications', {
      token: other.key,
      body: { service: 'ridp-secondary', previousVerificationId: primary.id, answers: [{ questionId: '1', choiceId: '1' }, { questionId: '2', choiceId: '1' }, { questionId: '3', choiceId: '1' }] },
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors).toEqual([{ field: 'previousVerificationId', message: 'must name a verification of your exchange' }]);
    const wrongService = await call(urls.gateway, 'POST', '/v1/verifications', { token: key, body: { service: 'fars', previousVerificationId: (await run('vci', firstSteps.vci(1))).id } });
    expect(wrongService.status).toBe(400);
    expect(wrongService.body.errors[0].field).toBe('previousVerificationId');
  });

  it('RIDP: RF1 goes to the call centre (fars), which decides', async () => {
    const primary = await run('ridp-primary', firstSteps['ridp-primary'](7));
    expect(primary.result).toMatchObject({ finalDecisionCode: 'RF1', nextStep: 'fars' });
    const fars = await run('fars', { previousVerificationId: primary.id });
    expect(fars.status).toBe('completed');
    expect(['ACC', 'RF4']).toContain(fars.result.finalDecisionCode);
  });

  it('VLP: step 1 -> step 2 (awaiting_federal until DHS answers) -> close case', async () => {
    const step1 = await run('vlp-step1', firstSteps['vlp-step1'](6));
    expect(step1).toMatchObject({ status: 'completed', outcome: 'inconclusive', result: { agencyAction: 'InitiateAdditionalVerif', nextStep: 'vlp-step2' } });
    const step2Id = await submit('vlp-step2', { previousVerificationId: step1.id });
    const waiting = await pollUntil(() => get(step2Id), (r) => r.body.status !== 'queued' && r.body.status !== 'in_progress', 10_000, 100);
    expect(waiting.body).toMatchObject({ status: 'awaiting_federal', outcome: null, result: { caseNumber: step1.result.caseNumber } });
    const step2 = (await pollUntil(() => get(step2Id), (r) => r.body.status === 'completed', 30_000, 250)).body;
    expect(step2).toMatchObject({ status: 'completed', outcome: 'verified', result: { caseNumber: step1.result.caseNumber, lawfulPresenceVerifiedCode: 'Y' } });
    const closed = await run('vlp-close-case', { previousVerificationId: step2.id });
    expect(closed).toMatchObject({ status: 'completed', outcome: 'verified', result: { caseNumber: step1.result.caseNumber, caseClosed: true } });
  });

  it('VLP: a step 2 that asks for step 3, which answers asynchronously too', async () => {
    const step1 = await run('vlp-step1', firstSteps['vlp-step1'](8));
    const step2 = await run('vlp-step2', { previousVerificationId: step1.id }, 40_000);
    expect(step2.result).toMatchObject({ agencyAction: 'InitiateThirdVerif', nextStep: 'vlp-step3' });
    const step3 = await run('vlp-step3', { previousVerificationId: step2.id }, 40_000);
    expect(step3).toMatchObject({ status: 'completed', outcome: 'verified' });
    const refused = await call(urls.gateway, 'POST', '/v1/verifications', { token: key, body: { service: 'vlp-step3', previousVerificationId: step1.id } });
    expect(refused.status).toBe(400);
  });

  it('applies the lastName triggers to every service: Transient is retried to completion, Rejected fails at once', async () => {
    const services = Object.keys(firstSteps);
    const transient = await Promise.all(services.map((service) => run(service, firstSteps[service](1, 'Transient'), 30_000)));
    const rejected = await Promise.all(services.map((service) => run(service, firstSteps[service](1, 'Rejected'))));
    expect(transient.map((v, i) => `${services[i]}: ${v.status}/${v.attempts}`)).toEqual(services.map((s) => `${s}: completed/3`));
    expect(rejected.map((v, i) => `${services[i]}: ${v.status}/${v.attempts}/${v.error?.code}`)).toEqual(services.map((s) => `${s}: failed/1/HE007000`));
  });

  it('applies Slow (a timeout, then success) and Sourcedown (retries run out) to every service', async () => {
    const services = Object.keys(firstSteps);
    const [slow, down] = await Promise.all([
      Promise.all(services.map((service) => run(service, firstSteps[service](1, 'Slow'), 40_000))),
      Promise.all(services.map((service) => run(service, firstSteps[service](1, 'Sourcedown'), 60_000))),
    ]);
    expect(slow.map((v, i) => `${services[i]}: ${v.status}/${v.attempts}`)).toEqual(services.map((s) => `${s}: completed/2`));
    expect(down.map((v, i) => `${services[i]}: ${v.status}/${v.attempts}/${v.error?.code}`)).toEqual(services.map((s) => `${s}: failed/5/HX005001`));
  });

  it('keeps sources apart: SSA completes at once while DHS is down', async () => {
    const faults = await call(urls.federalHub, 'PUT', '/admin/faults', { body: { dhs: { outage: true } } });
    expect(faults.status).toBe(200);
    try {
      const dhs = await Promise.all([1, 2, 3, 4, 5].map(() => submit('vlp-step1', firstSteps['vlp-step1'](2))));
      const ssa = await Promise.all(Array.from({ length: 20 }, (_, i) => run('ssa-composite', firstSteps['ssa-composite'](i % 6), 10_000)));
      expect(ssa.map((v) => `${v.status}/${v.attempts}`)).toEqual(ssa.map(() => 'completed/1'));
      // Meanwhile every DHS transfer is still being retried: none got through, none was given up yet.
      const dhsNow = await Promise.all(dhs.map(async (id) => (await get(id)).body));
      for (const v of dhsNow) expect(['queued', 'in_progress']).toContain(v.status);
    } finally {
      await call(urls.federalHub, 'POST', '/admin/reset');
    }
  });

  it('records and ignores a duplicate delivery of another call\'s answer (duplicateRate)', async () => {
    await call(urls.federalHub, 'PUT', '/admin/faults', { body: { equifax: { duplicateRate: 1 } } });
    try {
      const first = await run('vci', firstSteps.vci(8));
      expect(first).toMatchObject({ status: 'completed', outcome: 'verified' });
      // Every later answer is the previous call's again: never applied, so the transfer ends failed.
      const second = await run('vci', firstSteps.vci(7), 40_000);
      expect(second).toMatchObject({ status: 'failed', outcome: null, result: null, error: { code: 'FEDERAL_MISMATCHED_RESPONSE', attempts: 5 } });
    } finally {
      await call(urls.federalHub, 'POST', '/admin/reset');
    }
  });

  it.each([
    ['a malformed A-number', 'vlp-step1', { subject: { firstName: 'Ana', lastName: 'Silva', dateOfBirth: '1980-02-29', document: { i551: { alienNumber: 'A12-34', receiptNumber: 'EAC1234567890' } } } }, 'subject.document.i551.alienNumber'],
    ['two documents at once', 'vlp-step1', { subject: { firstName: 'Ana', lastName: 'Silva', dateOfBirth: '1980-02-29', document: { i551: { alienNumber: 'A123456789', receiptNumber: 'EAC1234567890' }, i94: { i94Number: '12345678901' } } } }, 'subject.document'],
    ['a household with two PRIMARY members', 'ifsv', { household: [{ role: 'PRIMARY', ssn: '123-45-6781', firstName: 'Ana', lastName: 'Silva' }, { role: 'PRIMARY', ssn: '123-45-6782', firstName: 'Bo', lastName: 'Silva' }] }, 'household'],
    ['a Title II month in the future', 'ssa-composite', { subject: person('123-45-6781'), options: { titleIIMonthlyIncome: `${new Date().getUTCFullYear() + 1}-01` } }, 'options.titleIIMonthlyIncome'],
    ['an unknown organisation code', 'non-esi-mec', { ...coverage('123-45-6781'), options: { organizations: ['NASA'] } }, 'options.organizations.0'],
    ['a coverage period that ends before it starts', 'esi-mec', { ...coverage('123-45-6781'), coveragePeriod: { startDate: '2026-12-31', endDate: '2026-01-01' } }, 'coveragePeriod.endDate'],
    ['a step 2 without its step 1', 'vlp-step2', {}, 'previousVerificationId'],
  ])('refuses %s with 400 naming the field, storing nothing', async (_, service, body, field) => {
    const before = (await call(urls.gateway, 'GET', '/v1/verifications?limit=500', { token: key })).body.data.length;
    const response = await call(urls.gateway, 'POST', '/v1/verifications', { token: key, body: { service, ...body } });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect((await call(urls.gateway, 'GET', '/v1/verifications?limit=500', { token: key })).body.data.length).toBe(before);
  });
});
