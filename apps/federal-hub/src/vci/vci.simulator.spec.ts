import { useHubTestApp } from '../testing/federal-hub-test-app';
import { schemaAssertion, testPerson } from '../testing/hub-calls';
import { AS_OF_DATE } from './vci-answer';
import { loadVciSchemas } from './vci.schemas';
import { Employment } from './vci.types';

const expectValidResponse = schemaAssertion(loadVciSchemas().response);
const VCI = 'vci';

const vciRequest = (ssn: string, patch: Record<string, unknown> = {}) => ({
  vciRequest: { ...testPerson(ssn), ...patch },
});

describe('POST /hub/vci', () => {
  const hub = useHubTestApp({ config: { slowMs: 30_000 } });

  async function answerFor(ssn: string) {
    const response = await hub.call(VCI, vciRequest(ssn));
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expectValidResponse(body);
    return body.vciResponse as { responseMetadata: Record<string, string>; verificationID: string; asOfDate: string; employmentArray?: Employment[] };
  }

  it.each([
    ['no SSN', { vciRequest: { personSurName: 'Silva', personBirthDate: '1980-02-29' } }, /missing required property 'personSocialSecurityNumber'/],
    ['an invalid SSN', vciRequest('000123456'), /personSocialSecurityNumber has an invalid format/],
    ['an impossible birth date', vciRequest('123456780', { personBirthDate: '1981-02-29' }), /personBirthDate has an invalid format/],
    ['an unexpected field', vciRequest('123456780', { employer: 'x' }), /unexpected property 'employer'/],
  ])('answers 400 HE007000 for %s, in the VCI envelope', async (_label, payload, text) => {
    const response = await hub.call(VCI, payload);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ vciResponse: { responseMetadata: { responseCode: 'HE007000', responseText: expect.stringMatching(text) } } });
    expectValidResponse(response.json());
    expect(response.body).not.toMatch(/[0-9]{9}/);
  });

  describe('deterministic answers by the last digit of the SSN', () => {
    it.each(['0', '1', '2', '3', '4', '5'])('%s: one current employer', async (digit) => {
      const answer = await answerFor(`12345678${digit}`);
      expect(answer.responseMetadata).toEqual({ responseCode: 'HS000000', responseText: 'Success' });
      expect(answer.asOfDate).toBe(AS_OF_DATE);
      expect(answer.verificationID).toMatch(/^TWN\d{12}$/);
      expect(answer.employmentArray).toHaveLength(1);
      const [job] = answer.employmentArray!;
      expect(job).toMatchObject({ employmentStatusCode: 'ACTIVE', employerName: expect.any(String) });
      expect(job.terminationDate).toBeUndefined();
      expect(job.payPeriodEndDate! <= AS_OF_DATE).toBe(true);
      expect(job.mostRecentHireDate! < AS_OF_DATE).toBe(true);
    });

    it('pays hourly or by salary, and the figures agree with each other', async () => {
      const jobs = await Promise.all(Array.from({ length: 12 }, (_, i) => answerFor(`2${String(i).padStart(2, '0')}45678${i % 6}`)));
      const employments = jobs.map((answer) => answer.employmentArray![0]);
      expect(new Set(employments.map((job) => job.payRateFrequencyCode))).toEqual(new Set(['HOURLY', 'ANNUAL']));
      const periods = { WEEKLY: 52, BIWEEKLY: 26, SEMIMONTHLY: 24, MONTHLY: 12 };
      for (const job of employments) {
        if (job.payRateFrequencyCode === 'ANNUAL') expect(job.annualizedIncomeAmount).toBe(job.payRateAmount);
        expect(Math.abs(job.payPeriodGrossIncomeAmount! - job.annualizedIncomeAmount! / periods[job.payFrequencyCode!])).toBeLessThanOrEqual(0.0051);
      }
    });

    it('6: no record of the person', async () => {
      const answer = await answerFor('123456786');
      expect(answer.responseMetadata).toEqual({ responseCode: 'HS000000', responseText: 'Success', tdsResponseText: 'No employment record found' });
      expect(answer.employmentArray).toBeUndefined();
      expect(answer.verificationID).toMatch(/^TWN/);
    });

    it('7: a former employer only, the employment ended in 2024', async () => {
      const { employmentArray } = await answerFor('123456787');
      expect(employmentArray).toHaveLength(1);
      const [job] = employmentArray!;
      expect(job.employmentStatusCode).toBe('INACTIVE');
      expect(job.terminationDate).toMatch(/^2024-/);
      expect(job.payPeriodEndDate).toBe(job.terminationDate);
    });

    it('8: two current employers', async () => {
      const { employmentArray } = await answerFor('123456788');
      expect(employmentArray!.map((job) => job.employmentStatusCode)).toEqual(['ACTIVE', 'ACTIVE']);
      expect(employmentArray![0].employerName).not.toBe(employmentArray![1].employerName);
    });

    it('9: a current employer and a former one', async () => {
      const { employmentArray } = await answerFor('123456789');
      expect(employmentArray!.map((job) => job.employmentStatusCode)).toEqual(['ACTIVE', 'INACTIVE']);
    });

    it('gives the same answer to the same request', async () => {
      expect(await answerFor('223344559')).toEqual(await answerFor('223344559'));
    });
  });

  describe('lastName fault triggers', () => {
    const payload = (lastName: string) => vciRequest('123456780', { personSurName: lastName });

    it('Transient: 500 HX009000 twice per SSN, then success', async () => {
      const statuses: number[] = [];
      for (let call = 0; call < 3; call++) {
        const response = await hub.call(VCI, payload('Transient'));
        statuses.push(response.statusCode);
        expectValidResponse(response.json());
      }
      expect(statuses).toEqual([500, 500, 200]);
    });

    it('Sourcedown: 500 HX005001 on every call', async () => {
      for (let call = 0; call < 3; call++) {
        const response = await hub.call(VCI, payload('Sourcedown'));
        expect(response.statusCode).toBe(500);
        expect(response.json()).toEqual({ vciResponse: { responseMetadata: { responseCode: 'HX005001', responseText: expect.any(String) } } });
      }
    });

    it('Rejected: 400 HE007000', async () => {
      const response = await hub.call(VCI, payload('rejected'));
      expect(response.statusCode).toBe(400);
      expect(response.json().vciResponse.responseMetadata.responseCode).toBe('HE007000');
    });

    it('Slow: the first call hangs SIMULATOR_SLOW_MS, the next answers at once', async () => {
      expect((await hub.call(VCI, payload('SLOW'))).statusCode).toBe(200);
      expect((await hub.call(VCI, payload('SLOW'))).statusCode).toBe(200);
      expect(hub.clock.sleeps).toEqual([30_000]);
    });
  });

  it('answers to the equifax chaos faults', async () => {
    await hub.putFaults({ equifax: { errorRate: 1 } });
    const response = await hub.call(VCI, vciRequest('123456780'));
    expect(response.statusCode).toBe(500);
    expect(response.json().vciResponse.responseMetadata.responseCode).toBe('HX005001');
  });
});
