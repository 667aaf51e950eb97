import { schemaAssertion } from '../testing/hub-calls';
import { APPLICANT_NOT_FOUND, answerApplicant } from './esi-mec-answer';
import { esiApplicant } from './esi-mec.fixtures';
import { loadEsiMecSchemas } from './esi-mec.schemas';

const expectValidResponse = schemaAssertion(loadEsiMecSchemas().response);
const expectValid = (applicant: object) => expectValidResponse({ esiMECResponse: { applicantResponseArray: [applicant] } });

const period = { startDate: '2026-01-01', endDate: '2026-12-31' };
const indicators = (eligible: boolean, insured: boolean) => ({
  requestedCoveragePeriod: period,
  applicantEligibleESIIndicator: eligible,
  applicantInsuredIndicator: insured,
  inconsistencyIndicator: false,
});

describe('answerApplicant', () => {
  it.each(['0', '1', '2', '3', '4'])('last digit %s: neither eligible nor insured, no premium', (digit) => {
    const answer = answerApplicant(esiApplicant(`12345678${digit}`));
    expectValid(answer);
    expect(answer).toEqual({
      personSocialSecurityNumber: `12345678${digit}`,
      applicantMECInformation: indicators(false, false),
      responseMetadata: { responseCode: 'HS000000', responseText: 'Success' },
    });
  });

  it.each([
    ['5', false],
    ['6', true],
  ])('last digit %s: eligible (insured: %s), with a premium in cents between 50 and 500', (digit, insured) => {
    const answer = answerApplicant(esiApplicant(`98765432${digit}`));
    expectValid(answer);
    const information = answer.applicantMECInformation!;
    expect(information).toMatchObject(indicators(true, insured));
    const premium = information.employeeMonthlyPremiumAmount!;
    expect(premium).toBeGreaterThanOrEqual(50);
    expect(premium).toBeLessThan(500);
    expect(Number(premium.toFixed(2))).toBe(premium);
  });

  it('last digit 7: insured without being eligible, no premium', () => {
    const answer = answerApplicant(esiApplicant('123456787'));
    expectValid(answer);
    expect(answer.applicantMECInformation).toEqual(indicators(false, true));
  });

  it('last digit 8: inconsistent data, no indicators', () => {
    const answer = answerApplicant(esiApplicant('123456788'));
    expectValid(answer);
    expect(answer.applicantMECInformation).toEqual({ requestedCoveragePeriod: period, inconsistencyIndicator: true });
  });

  it('last digit 9: no record, only the applicant code HE014001', () => {
    const answer = answerApplicant(esiApplicant('123456789'));
    expectValid(answer);
    expect(answer).toEqual({ personSocialSecurityNumber: '123456789', responseMetadata: APPLICANT_NOT_FOUND });
    expect(APPLICANT_NOT_FOUND.responseCode).toMatch(/^HE\d{6}$/);
  });

  it('derives the premium from the SSN: the same SSN, the same premium; another SSN, another', () => {
    const premium = (ssn: string) => answerApplicant(esiApplicant(ssn)).applicantMECInformation!.employeeMonthlyPremiumAmount;
    expect(premium('123456785')).toBe(premium('123456785'));
    expect(premium('123456785')).not.toBe(premium('223456785'));
  });

  it('echoes the requested period, and only its two dates', () => {
    const asked = { startDate: '2025-07-01', endDate: '2025-09-30', note: 'extra' } as unknown as typeof period;
    const answer = answerApplicant(esiApplicant('123456780', { requestedCoveragePeriod: asked }));
    expectValid(answer);
    expect(answer.applicantMECInformation!.requestedCoveragePeriod).toEqual({ startDate: '2025-07-01', endDate: '2025-09-30' });
  });
});
