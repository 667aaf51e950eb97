import { schemaAssertion, ssaIndividual } from '../testing/hub-calls';
import { answerIndividual } from './ssa-composite-answer';
import { loadSsaCompositeSchemas } from './ssa-composite.schemas';
import { SsaIndividualRequest } from './ssa-composite.types';

const expectValidResponse = schemaAssertion(loadSsaCompositeSchemas().response);

const FLAGS = [
  'requestCitizenshipVerificationIndicator',
  'requestIncarcerationVerificationIndicator',
  'requestTitleIIMonthlyIncomeVerificationIndicator',
  'requestTitleIIAnnualIncomeVerificationIndicator',
  'requestQuartersOfCoverageVerificationIndicator',
] as const;

/** Every combination of the five request flags, with the income dates each one needs. */
const flagCombinations = Array.from({ length: 2 ** FLAGS.length }, (_, bits) => {
  const flags = Object.fromEntries(FLAGS.map((flag, i) => [flag, (bits & (1 << i)) !== 0])) as Pick<SsaIndividualRequest, (typeof FLAGS)[number]>;
  return {
    ...flags,
    ...(flags.requestTitleIIMonthlyIncomeVerificationIndicator ? { requestTitleIIMonthlyIncomeDate: '202402' } : {}),
    ...(flags.requestTitleIIAnnualIncomeVerificationIndicator ? { requestTitleIIAnnualIncomeDate: '2023' } : {}),
  };
});

const wrap = (individual: object) => ({
  ssaCompositeResponse: { responseMetadata: { responseCode: 'HS000000', responseText: 'Success' }, ssaCompositeIndividualResponseArray: [individual] },
});

const expectValid = (individual: object) => expectValidResponse(wrap(individual));

describe('answerIndividual', () => {
  const digits = Array.from({ length: 10 }, (_, digit) => digit);

  it.each(digits)('answers last digit %i validly for all 32 flag combinations, and only what was asked', (digit) => {
    for (const flags of flagCombinations) {
      const answer = answerIndividual(ssaIndividual(`31415926${digit}`, flags));
      expectValid(answer);
      const ssa = answer.ssaResponse!;
      if (digit === 9) {
        expect(ssa).toEqual({ ssnVerificationIndicator: false });
        continue;
      }
      expect(ssa.ssnVerificationIndicator).toBe(true);
      expect(ssa.deathConfirmationCode).toBe(digit === 7 ? 'Confirmed' : 'Unconfirmed');
      expect(ssa.personUSCitizenIndicator).toBe(flags.requestCitizenshipVerificationIndicator ? digit !== 6 : undefined);
      expect(ssa.personIncarcerationInformationIndicator).toBe(flags.requestIncarcerationVerificationIndicator ? digit === 8 : undefined);
      expect(ssa.ssaIncarcerationInformation !== undefined).toBe(flags.requestIncarcerationVerificationIndicator && digit === 8);
      expect(ssa.ssaTitleIIMonthlyIncome !== undefined).toBe(flags.requestTitleIIMonthlyIncomeVerificationIndicator);
      expect(ssa.ssaTitleIIYearlyIncome !== undefined).toBe(flags.requestTitleIIAnnualIncomeVerificationIndicator);
      expect(ssa.ssaQuartersOfCoverage !== undefined).toBe(flags.requestQuartersOfCoverageVerificationIndicator);
    }
  });

  it('answers Title II monthly income for the requested month and the three before it', () => {
    const income = answerIndividual(ssaIndividual('123456780', { requestTitleIIMonthlyIncomeVerificationIndicator: true, requestTitleIIMonthlyIncomeDate: '202402' }))
      .ssaResponse!.ssaTitleIIMonthlyIncome!;
    expect(
      [income.requestedMonthInformation, income.requestedMonthMinusOneInformation, income.requestedMonthMinusTwoInformation, income.requestedMonthMinusThreeInformation].map(
        (month) => month?.incomeMonthYear,
      ),
    ).toEqual(['202402', '202401', '202312', '202311']);
    const month = income.requestedMonthInformation;
    expect(month.netMonthlyBenefitCreditedAmount).toBeCloseTo(month.benefitCreditedAmount - month.overpaymentDeductionAmount, 2);
    expect(month.monthlyIncomeAmount).toBeCloseTo(month.netMonthlyBenefitCreditedAmount + month.priorMonthAccrualAmount, 2);
  });

  it('leaves out the months before 2000, which the response schema cannot express', () => {
    const answer = answerIndividual(ssaIndividual('123456780', { requestTitleIIMonthlyIncomeVerificationIndicator: true, requestTitleIIMonthlyIncomeDate: '200002' }));
    expectValid(answer);
    const income = answer.ssaResponse!.ssaTitleIIMonthlyIncome!;
    expect(income.requestedMonthMinusOneInformation?.incomeMonthYear).toBe('200001');
    expect(income.requestedMonthMinusTwoInformation).toBeUndefined();
    expect(income.requestedMonthMinusThreeInformation).toBeUndefined();
  });

  it('derives the amounts from the SSN: the same SSN, the same figures; another SSN, others', () => {
    const ask = { requestTitleIIAnnualIncomeVerificationIndicator: true, requestTitleIIAnnualIncomeDate: '2023' };
    const amount = (ssn: string) => answerIndividual(ssaIndividual(ssn, ask)).ssaResponse!.ssaTitleIIYearlyIncome!;
    expect(amount('123456780')).toEqual(amount('123456780'));
    expect(amount('123456780').incomeYear).toBe('2023');
    expect(amount('123456780').yearlyIncomeAmount).not.toBe(amount('223456780').yearlyIncomeAmount);
  });

  it('counts quarters of coverage from the qualifying years', () => {
    const ask = { requestQuartersOfCoverageVerificationIndicator: true };
    const quarters = answerIndividual(ssaIndividual('123456780', { ...ask, personBirthDate: '1970-06-15' })).ssaResponse!;
    const years = quarters.ssaQuartersOfCoverage!.qualifyingYearAndQuarterArray!;
    expect(quarters.ssaQuartersOfCoverageInformationIndicator).toBe(true);
    expect(quarters.ssaQuartersOfCoverage!.lifeTimeQuarterQuantity).toBe(years.reduce((sum, year) => sum + year.qualifyingQuarter, 0));
    expect(years[0].qualifyingYear).toBeGreaterThanOrEqual(1988);
    expect(years.at(-1)!.qualifyingYear).toBe(2024);

    const child = answerIndividual(ssaIndividual('123456780', { ...ask, personBirthDate: '2015-01-01' }));
    expectValid(child);
    expect(child.ssaResponse).toMatchObject({ ssaQuartersOfCoverageInformationIndicator: false, ssaQuartersOfCoverage: { lifeTimeQuarterQuantity: 0 } });

    const elder = answerIndividual(ssaIndividual('123456780', { ...ask, personBirthDate: '1900-02-28' }));
    expectValid(elder);
    expect(elder.ssaResponse!.ssaQuartersOfCoverage!.qualifyingYearAndQuarterArray![0].qualifyingYear).toBe(1937);
  });

  it('describes an incarceration with a facility and its category code', () => {
    const answer = answerIndividual(ssaIndividual('987654328', { requestIncarcerationVerificationIndicator: true }));
    expect(answer.ssaResponse!.ssaIncarcerationInformation).toMatchObject({
      inmateStatusIndicator: true,
      prisonerConfinementDate: expect.stringMatching(/^20\d{6}$/),
      supervisionFacility: { facilityCategoryCode: expect.stringMatching(/^(0[1-9]|10)$/), facilityLocationStateCode: expect.any(String) },
    });
  });
});
