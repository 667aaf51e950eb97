import { schemaAssertion } from '../testing/hub-calls';
import { readCaseNumber } from './vlp-case-number';
import { answerIndividual } from './vlp-step1-answer';
import { individual } from './vlp-test-messages';
import { vlpSchema } from './vlp.schemas';
import { InitialVerificationIndividualResponse } from './vlp.types';

const expectValidResponse = schemaAssertion(vlpSchema('VLP-Step1-Response-schema.json'));

const expectValid = (answer: InitialVerificationIndividualResponse) =>
  expectValidResponse({
    initialVerificationResponse: {
      responseMetadata: { responseCode: 'HS000000', responseText: 'Success' },
      initialVerificationResponseSet: { initialVerificationIndividualResponseArray: [answer] },
    },
  });

const ALL_FLAGS = { fiveYearBarApplicabilityIndicator: true, requestSponsorDataIndicator: true, requestGrantDateIndicator: true };

describe('answerIndividual (VLP step 1)', () => {
  it.each([
    [0, 'Y', 3, 'Y', 'X', 'Invoke CloseCase Web method to close the case.'],
    [1, 'Y', 3, 'Y', 'X', 'Invoke CloseCase Web method to close the case.'],
    [2, 'Y', 12, 'Y', 'X', 'Invoke CloseCase Web method to close the case.'],
    [3, 'Y', 10, 'N', 'X', 'Invoke CloseCase Web method to close the case.'],
    [4, 'Y', 22, 'X', 'Y', 'Invoke CloseCase Web method to close the case.'],
    [5, 'X', 30, 'X', 'X', 'Reverify'],
    [6, 'P', 5, 'P', 'X', 'InitiateAdditionalVerif'],
    [7, 'P', 5, 'P', 'X', 'InitiateAdditionalVerif'],
    [8, 'P', 5, 'P', 'X', 'InitiateAdditionalVerif'],
    [9, 'N', 9, 'N', 'X', 'Invoke CloseCase Web method to close the case.'],
  ])('answers A-number ending %i: %s, statement %i, qualified %s, citizen %s, %s', (digit, code, statement, qualified, citizen, action) => {
    for (const flags of [{}, ALL_FLAGS]) {
      const answer = answerIndividual(individual(digit, flags));
      expectValid(answer);
      expect(answer.lawfulPresenceVerifiedCode).toBe(code);
      expect(answer.initialVerificationIndividualResponseSet).toMatchObject({
        eligStatementCd: statement,
        qualifiedNonCitizenCode: qualified,
        usCitizenCode: citizen,
        agencyAction: action,
      });
      expect(readCaseNumber(answer.initialVerificationIndividualResponseSet!.caseNumber)).toEqual({
        digit,
        fiveYearBarAsked: flags === ALL_FLAGS,
      });
    }
  });

  it('answers the five-year bar only when asked: applies and met (0), applies and not met (1), exempt refugee (2), pending (6)', () => {
    const codes = (digit: number, asked: boolean) => {
      const set = answerIndividual(individual(digit, { fiveYearBarApplicabilityIndicator: asked })).initialVerificationIndividualResponseSet!;
      return [set.fiveYearBarApplyCode, set.fiveYearBarMetCode];
    };
    expect([0, 1, 2, 3, 6].map((digit) => codes(digit, true))).toEqual([['Y', 'Y'], ['Y', 'N'], ['N', 'X'], ['X', 'X'], ['P', 'P']]);
    expect([0, 1, 2, 3, 6].map((digit) => codes(digit, false))).toEqual(Array(5).fill(['X', 'X']));
  });

  it('gives a grant date and sponsor data only when asked, sponsors only for family-sponsored residents', () => {
    const plain = answerIndividual(individual(0)).initialVerificationIndividualResponseSet!;
    expect(plain).not.toHaveProperty('grantDate');
    expect(plain).not.toHaveProperty('sponsorDataFoundIndicator');

    const resident = answerIndividual(individual(0, ALL_FLAGS)).initialVerificationIndividualResponseSet!;
    expect(resident.grantDate).toMatch(/^20(0[5-9]|1[0-8])-\d{2}-\d{2}$/);
    expect(resident.sponsorDataFoundIndicator).toBe(true);
    expect(resident.arrayOfSponsorshipData).toHaveLength(1);
    expect(JSON.stringify(resident.arrayOfSponsorshipData)).not.toMatch(/ssn/i);

    const refugee = answerIndividual(individual(2, ALL_FLAGS)).initialVerificationIndividualResponseSet!;
    expect(refugee.sponsorDataFoundIndicator).toBe(false);
    expect(refugee).not.toHaveProperty('arrayOfSponsorshipData');

    const pending = answerIndividual(individual(6, ALL_FLAGS)).initialVerificationIndividualResponseSet!;
    expect(pending).not.toHaveProperty('grantDate');
    expect(pending.grantDateReasonCd).toBe('Not Applicable');
  });

  it('answers a verified citizenship or naturalization certificate as a citizen', () => {
    const certificate = answerIndividual(individual(1, { dhsId: { natrOfCertDocumentID: { naturalizationNumber: 'N12345671' } } }));
    expect(certificate.initialVerificationIndividualResponseSet).toMatchObject({ usCitizenCode: 'Y', qualifiedNonCitizenCode: 'X' });
    const notFound = answerIndividual(individual(9, { dhsId: { certOfCitDocumentID: { citizenshipNumber: 'C12345679' } } }));
    expect(notFound.lawfulPresenceVerifiedCode).toBe('N');
  });

  it('is a pure function of the request: the same case for the same person, another for another', () => {
    const caseOf = (overrides = {}) => answerIndividual(individual(6, overrides)).initialVerificationIndividualResponseSet!.caseNumber;
    expect(caseOf()).toBe(caseOf());
    expect(answerIndividual(individual(0, ALL_FLAGS))).toEqual(answerIndividual(individual(0, ALL_FLAGS)));
    expect(caseOf({ lastName: 'Costa' })).not.toBe(caseOf());
    expect(caseOf({ dateOfBirth: '1981-02-28' })).not.toBe(caseOf());
  });
});
